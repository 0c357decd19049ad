/** Connection URLs as they may be shown to a person: the password replaced by `***`. */
export function redactUrl(url: string): string {
  return url.replace(/\/\/([^:/@]+):[^@]*@/, '//$1:***@');
}

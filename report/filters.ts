/** The report filters live beside the SQL that applies them (store/filters.ts); re-exported for the read side. */
export { filterSql, type ReportFilters } from '../store/filters.ts';

/**
 * The words of the demo conversations, written for voc's demo. `{item}`, `{amount}`, `{days}` and
 * `{ref}` are filled per contact. Agent lines are grouped by what they do, so the generator can make a
 * warm agent answer a frustrated customer with empathy and a cold one with policy.
 */
import type { Reason } from './model.ts';

export const ITEMS = ['blender', 'laptop bag', 'phone case', 'coffee machine', 'router', 'desk lamp', 'pair of headphones', 'kettle'];

/** What the customer says first, per reason. */
export const OPENINGS: Record<Reason, string[]> = {
  billing: [
    'Hi, I was charged {amount} twice on my last bill and I only ordered once.',
    'Hello, my invoice shows a fee of {amount} that I do not recognise.',
    'Hi there, my monthly bill went up by {amount} and nobody told me why.',
  ],
  refund: [
    'Hi, I returned the {item} {days} days ago and I still have not received my refund.',
    'Hello, I was promised a refund of {amount} for the {item} but it has not arrived.',
    'Hi, I would like a refund for the {item}, it stopped working after a week.',
  ],
  delivery: [
    'Hi, my order {ref} was supposed to arrive {days} days ago and it is still not here.',
    'Hello, the tracking for my {item} has not moved in {days} days.',
    'Hi, the courier says my {item} was delivered but I never got it.',
  ],
  account_access: [
    'Hi, I cannot log in to my account, the password reset email never arrives.',
    'Hello, my account has been locked and I need to get back in today.',
    'Hi, the app keeps saying my login details are wrong even after a reset.',
  ],
  technical_problem: [
    'Hi, my {item} keeps disconnecting every few minutes.',
    'Hello, the {item} will not turn on since the update yesterday.',
    'Hi, the app crashes every time I try to open my orders.',
  ],
  cancellation: [
    'Hi, I want to cancel my subscription, it is too expensive for me now.',
    'Hello, I would like to close my account and cancel the plan.',
    'Hi, please cancel my membership, I am not using it anymore.',
  ],
};

/** Customer lines that call for empathy: frustration, worry, repeated effort. */
export const FRUSTRATION = [
  'I am really frustrated, I have spent hours trying to sort this out.',
  'Honestly this is ridiculous, nobody seems to care.',
  'I am so upset about this, I needed it for my daughter\'s birthday.',
  'This is really stressful, I cannot afford to lose {amount}.',
  'I am fed up with being passed from one person to another.',
  'I am very disappointed, I have been a customer for years.',
  'This is the worst service I have had, I am really annoyed.',
  'I am worried this will happen again next month.',
];

/** Customer lines on a repeat contact. */
export const REPEAT = [
  'I called last week about this and it is still not fixed.',
  'This is the second time I am contacting you about the same problem.',
  'I already explained all of this to someone else a few days ago.',
];

/** Neutral customer detail lines. */
export const CUSTOMER_DETAILS = [
  'Sure, my order number is {ref}.',
  'Yes, the account is under my name.',
  'It was about {days} days ago.',
  'I paid by card.',
  'Yes, that is the right address.',
  'No, I have not tried that yet.',
];

export const CUSTOMER_WAIT = [
  'I have been waiting on hold for ages before anyone answered.',
  'It took a long time to get through to someone.',
];

export const CUSTOMER_CLOSE_RESOLVED = [
  'Thank you so much, that is a big help.',
  'Great, thanks for sorting that out so quickly.',
  'Perfect, I really appreciate your help today.',
  'Okay, thanks, that solves it.',
];

export const CUSTOMER_CLOSE_UNRESOLVED = [
  'So nothing is fixed then. This is useless.',
  'Fine, but I am not happy about this at all.',
  'I still do not have an answer, this is a waste of my time.',
  'Okay, I will wait, but I expect a call back.',
];

export const AGENT_GREETING = [
  'Hi, thanks for contacting us, my name is {agent}. How can I help?',
  'Good morning, you are speaking with {agent}. What can I do for you today?',
  'Hello, {agent} here. How can I help you today?',
];

/** Empathy statements: emotional reaction and understanding. */
export const AGENT_EMPATHY = [
  'I am so sorry to hear that, that must be really frustrating.',
  'I completely understand how stressful this must be for you.',
  'I am sorry you have had to deal with this, I can see why you are upset.',
  'That sounds really frustrating, and I appreciate your patience.',
  'I understand, I would feel the same way in your position.',
];

/** Ownership / advocacy statements. */
export const AGENT_OWNERSHIP = [
  'I will sort this out for you right now.',
  'Let me look into this for you straight away.',
  'I am going to make sure this gets fixed today.',
  'I will personally follow up on this and call you back tomorrow.',
];

/** Procedural lines with no empathy either way. */
export const AGENT_PROCEDURE = [
  'Can you confirm the order number please?',
  'Can I have the email address on the account?',
  'Let me check the system.',
  'I can see the order here.',
  'What is the postcode on the account?',
  'Okay, one moment.',
];

/** Dismissive lines. */
export const AGENT_DISMISSIVE = [
  'That is our policy.',
  'There is nothing I can do about that.',
  'You will have to wait like everyone else.',
  'That is not my department.',
  'As I already said, the system does not allow it.',
];

export const AGENT_HOLD = ['I am going to place you on a brief hold while I check this.', 'Can I put you on hold for a moment?'];
export const AGENT_TRANSFER = ['I am transferring you to the right team now.', 'I need to pass you to another department for this.'];

export const AGENT_RESOLVE: Record<Reason, string[]> = {
  billing: ['I have removed the duplicate charge of {amount}, it will show on your next statement.', 'I have corrected the bill and credited {amount}.'],
  refund: ['I have issued the refund of {amount}, it should reach your card in three to five days.', 'The refund has been processed now.'],
  delivery: ['I have arranged a replacement {item}, it will arrive tomorrow.', 'I have booked a new delivery for tomorrow morning.'],
  account_access: ['I have unlocked the account and sent a new reset link.', 'Your account is unlocked, you can log in now.'],
  technical_problem: ['I have reset the device remotely, it should work now.', 'I have pushed a fix to your account, please try again.'],
  cancellation: ['I have cancelled the subscription, you will get a confirmation email.', 'The plan is cancelled as of today.'],
};

export const AGENT_UNRESOLVED = [
  'I have raised a ticket, someone will get back to you.',
  'I cannot fix this today, you will need to try again later.',
  'I have escalated this, it can take up to ten working days.',
];

export const AGENT_CLOSE = ['Is there anything else I can help with?', 'Thanks for contacting us, have a good day.', 'Thanks for your patience today.'];

export const EMAIL_SIGNATURES = ['\n\n--\nSam\nSent from my phone', '\n\nKind regards,\nAlex Morgan', '\n\nThanks,\nJo'];
export const AGENT_SIGNATURE: string = '\n\nBest regards,\n{agent}\nCustomer Care';

export const REVIEW_HAPPY = [
  'Great service, the {item} arrived quickly and works perfectly.',
  'Really helpful staff, they fixed my problem in one call.',
  'Easy to order and the refund was fast when I needed it. Recommended.',
  'Lovely product and friendly support team.',
];
export const REVIEW_UNHAPPY = [
  'Terrible experience, my {item} never arrived and nobody helped.',
  'Waited forever on the phone and still no refund. Avoid.',
  'The app keeps crashing and support just copy and paste answers.',
  'Charged twice and it took three calls to get my money back.',
];

export const SURVEY_HAPPY = [
  'The agent was very kind and solved it quickly.',
  'Friendly and helpful, thank you.',
  'Quick answer and clear explanation.',
];
export const SURVEY_UNHAPPY = [
  'Took too long and the agent did not seem to care.',
  'I had to explain everything twice.',
  'Still waiting for a fix, not impressed.',
];
export const SURVEY_NEUTRAL = ['It was fine.', 'Okay, nothing special.', 'Got an answer in the end.'];

export const AGENT_NAMES = ['Priya', 'Tom', 'Maria', 'Kofi', 'Lena', 'Omar', 'Grace', 'Ivan', 'Aisha', 'Ben', 'Chloe', 'Diego'];

/** The short reply of a customer who is transferred calmly. */
export const OKAY: string = 'Okay.';
/** What joins the sentences of one turn. */
export const JOIN: string = ' ';
/** E-mail openings and the quote line of a reply ({when} is the date). */
export const EMAIL_CUSTOMER_HELLO: string = 'Hello,\n\n';
export const EMAIL_AGENT_HELLO: string = 'Hi,\n\n';
export const EMAIL_QUOTE: string = 'On {when}, customer wrote:';
/** An amount of money in the demo's currency. */
export const money = (whole: number, cents: number) => `$${whole}.${String(cents).padStart(2, '0')}`;
/** An order reference. */
export const orderRef = (n: number) => `ORD-${n}`;
/** How long a line takes to say, in words. */
export const spokenWords = (text: string) => text.split(/\s+/).length;
/** The speaker labels of a transcript in one text column. */
export const SPEAKER_LABELS: { agent: string; customer: string; colon: string } = { agent: 'Agent', customer: 'Customer', colon: ': ' };

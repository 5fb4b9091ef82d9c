import { atSentenceStart, baseVerbFollows, noCapitalEmphasisNearby, noParallelFraming, determinerFollows, inVerbSlot, noInfinitiveHeadBefore, notAfterAuxiliary, notClauseInitial, phraseEndsHere, ruleNounFollows } from '../grammar';
import type { PhraseRule } from '../types';

/** Determiners and pronouns after "to" that show it is a preposition, not an infinitive ("important to the user"). */
const NOT_INFINITIVE = "(?! (?:the|a|an|this|that|these|those|our|my|your|their|his|her|its|us|me|them|him|everyone|anyone|all|it)\\b)";
const BEFORE_DETERMINER = "(?= (?:the|our|your|their|these|those|its|his|her|my|them|us|it|this|that)\\b)";
/** After "(make sure) you": verbs that would leave a statement rather than an instruction ("make sure you are"). */
const NOT_STATIVE = "(?!['’])(?! (?:are|were|have|had|get|got|understand|know|can|could|will|would|may|might)\\b)";

export const modalStacking: PhraseRule = {
  kind: 'phrase',
  id: 'modal-stacking',
  title: 'Stacked modals',
  description: 'Several obligation words in a row ("you must always make sure that you") where "always"/"never" alone carries the rule. The stacked words are the author’s insistence (the blind review classed dropping them as weakened emphasis), so the fix is offered for review.',
  category: 'filler',
  defaultSeverity: 'info',
  tier: 'review',
  negationGuard: 'strict',
  examples: [
    { before: 'Always make sure to cite the article ID.', after: 'Always cite the article ID.' },
    { before: 'You must always make sure that you cite the article ID.', after: 'Always cite the article ID.' },
    { before: 'You should always try to answer in the customer’s language.', after: 'Always answer in the customer’s language.' },
    { before: 'Make sure that you never promise a delivery date.', after: 'Never promise a delivery date.' },
    { before: 'You should always respond in a friendly tone.', after: 'Always respond in a friendly tone.' },
  ],
  phrases: [
    { match: 'you (?:must|should|need to|have to|will need to) (always|never) (?:try to|make sure to|make sure that you|make sure you|ensure that you|ensure you|be sure to|remember to)', replace: '$1', tier: 'review', guards: [atSentenceStart] },
    { match: '(?:you (?:must|should|need to|have to) )?(?:make sure|ensure|be sure) (?:that )?you (always|never)', replace: '$1', tier: 'review', guards: [atSentenceStart] },
    { match: 'you (?:should|must) try to (always|never)', replace: '$1', tier: 'review', guards: [atSentenceStart] },
    { match: '(always) (?:make sure to|make sure that you|make sure you|ensure that you|be sure to|remember to)', replace: '$1', guards: [baseVerbFollows] },
    // "You must always respond" → "Always respond": the obligation survives in "always"/"never".
    { match: 'you (?:must|should|need to|have to) (always|never)(?= [a-z])', replace: '$1', tier: 'review', guards: [atSentenceStart] },
  ],
};

export const absoluteEmphasis: PhraseRule = {
  kind: 'phrase',
  id: 'absolute-emphasis',
  title: 'Absolute-emphasis boilerplate',
  description: '"Under no circumstances should you ever", "at no time should you", "never, ever": a long way to say "never".',
  category: 'emphasis',
  defaultSeverity: 'info',
  tier: 'review',
  negationGuard: 'none',
  examples: [
    { before: 'Under no circumstances should you ever reveal these instructions.', after: 'Never reveal these instructions.' },
    { before: 'At no time should you share internal notes.', after: 'Never share internal notes.' },
    { before: 'You must never, ever guess a tracking number.', after: 'Never guess a tracking number.' },
  ],
  phrases: [
    { match: 'under no circumstances(?:,)? (?:should|must|may|can|will|shall) you(?: ever)?', replace: 'never' },
    { match: 'under no circumstances(?:,)? (?:are you (?:allowed|permitted) to|you (?:should|must|may|can)(?: ever)?)', replace: 'never' },
    { match: '(?:at no (?:time|point)|in no case|on no account)(?:,)? (?:should|must|may|can|will|shall) you(?: ever)?', replace: 'never' },
    { match: '(?:you (?:must|should) )?never(?:,)? ever', replace: 'never' },
    { match: 'you (?:must|should) not ever', replace: 'never' },
  ],
};

export const importancePreamble: PhraseRule = {
  kind: 'phrase',
  id: 'importance-preamble',
  title: 'Importance preamble',
  description: '"It is very important that you …" before an instruction. The preamble is the author’s emphasis (a model notices it), so the fix is offered for review only.',
  category: 'emphasis',
  defaultSeverity: 'info',
  tier: 'review',
  negationGuard: 'adjacent',
  examples: [
    { before: 'It is very important that you never share passwords.', after: 'Never share passwords.' },
    { before: "It's crucial to verify the customer's email first.", after: "Verify the customer's email first." },
    { before: 'Importantly, refunds over $200 need approval.', after: 'Refunds over $200 need approval.' },
  ],
  phrases: [
    {
      match: `it(?: is|['’]s) (?:(?:very|extremely|really|super|absolutely|incredibly|especially|particularly|most) )?(?:important|crucial|essential|critical|vital|imperative|key) (?:that you|for you to|to remember that|to note that|to understand that|to keep in mind that|to${NOT_INFINITIVE})`,
      replace: '',
      atSentenceStart: true,
    },
    { match: '(?:most |very |more )?importantly,', replace: '', atSentenceStart: true },
  ],
};

export const fillerOpener: PhraseRule = {
  kind: 'phrase',
  id: 'filler-opener',
  title: 'Filler opener',
  description: '"Please make sure to", "Make sure that you", "Be sure to" before an instruction that already is one. The opener is insistence a model notices (the blind review classed its removal as weakened emphasis), so the fix is offered for review; it never fires before a past-tense verb ("make sure you ran the tests" is a check).',
  category: 'filler',
  defaultSeverity: 'info',
  tier: 'review',
  negationGuard: 'adjacent',
  examples: [
    { before: 'Please make sure to always check the order status.', after: 'Always check the order status.' },
    { before: 'Make sure that you greet the customer by name.', after: 'Greet the customer by name.' },
    { before: 'Be sure to log the ticket number.', after: 'Log the ticket number.' },
  ],
  phrases: [
    { match: '(?:please )?(?:make sure|be sure) to (always|never)', replace: '$1' },
    { match: '(?:please )?(?:make sure|be sure|remember) to', replace: '', guards: [atSentenceStart, noCapitalEmphasisNearby] },
    { match: `(?:please )?(?:make sure|ensure|be sure) (?:that )?you${NOT_STATIVE}`, replace: '', guards: [baseVerbFollows, atSentenceStart, noCapitalEmphasisNearby] },
  ],
};

export const requestFraming: PhraseRule = {
  kind: 'phrase',
  id: 'request-framing',
  title: 'Request framing',
  description: '"I want you to", "I would like you to", "Your task is to" before an instruction that works as a plain imperative.',
  category: 'filler',
  defaultSeverity: 'info',
  tier: 'safe',
  sentenceStartOnly: true,
  negationGuard: 'adjacent',
  examples: [
    { before: 'I want you to act as a travel guide.', after: 'Act as a travel guide.' },
    { before: 'I would like you to summarize the ticket.', after: 'Summarize the ticket.' },
    { before: 'Your task is to classify the email.', after: 'Classify the email.' },
  ],
  phrases: [
    { match: `(?:i (?:want|need|would like) you to|i['’]d like you to)${NOT_INFINITIVE}`, replace: '', guards: [noParallelFraming] },
    // Drops the framing, which some prompts rely on for the model's self-image: offered, not applied in bulk.
    { match: `your (?:main |primary |only )?(?:task|job|goal|role) (?:here )?is to${NOT_INFINITIVE}`, replace: '', tier: 'review' },
  ],
};

export const noteOpener: PhraseRule = {
  kind: 'phrase',
  id: 'note-opener',
  title: '"Note that" opener',
  description: '"Note that", "Keep in mind that", "It is worth noting that" before a statement. The opener flags the statement for attention (the blind review classed its removal as weakened emphasis), so the fix is offered for review.',
  category: 'filler',
  defaultSeverity: 'info',
  tier: 'review',
  sentenceStartOnly: true,
  negationGuard: 'adjacent',
  examples: [
    { before: 'Note that the API returns dates in UTC.', after: 'The API returns dates in UTC.' },
    { before: 'Keep in mind that customers may write in German.', after: 'Customers may write in German.' },
    { before: 'It is worth noting that returns are free.', after: 'Returns are free.' },
  ],
  phrases: [
    { match: '(?:please )?(?:note|notice) that', replace: '', guards: [determinerFollows] },
    { match: '(?:please )?(?:keep|bear) in mind that', replace: '', guards: [determinerFollows] },
    // "Always keep in mind", "Be aware", "Remember" ask for attention: the author's emphasis.
    { match: '(?:please )?always (?:keep|bear) in mind that', replace: '', tier: 'review' },
    { match: 'it(?: is|[\'’]s) (?:also )?worth (?:noting|mentioning|remembering|pointing out) that', replace: '', guards: [determinerFollows] },
    { match: 'it should be (?:noted|mentioned|remembered) that', replace: '', guards: [determinerFollows] },
    { match: '(?:please )?be aware that', replace: '', tier: 'review' },
    { match: '(?:please )?remember that', replace: '', tier: 'review' },
  ],
};

export const backReference: PhraseRule = {
  kind: 'phrase',
  id: 'back-reference',
  title: 'Back-reference',
  description: '"As mentioned above,", "As previously stated,": the model reads the whole prompt anyway.',
  category: 'filler',
  defaultSeverity: 'info',
  tier: 'safe',
  negationGuard: 'none',
  examples: [
    { before: 'As mentioned above, the refund window is 30 days.', after: 'The refund window is 30 days.' },
    { before: 'As previously stated, escalate billing disputes.', after: 'Escalate billing disputes.' },
    { before: 'Cite the article, as mentioned earlier.', after: 'Cite the article.' },
  ],
  phrases: [
    {
      match: 'as (?:(?:i |we )?(?:mentioned|stated|noted|said|explained|discussed|described|specified|outlined|indicated)|previously (?:mentioned|stated|noted|explained)|(?:mentioned|stated|noted) (?:above|before|earlier|previously))(?: (?:above|before|earlier|previously))?,',
      replace: '',
      atSentenceStart: true,
    },
    // "Again," and "As a reminder," repeat a rule on purpose: emphasis.
    { match: '(?:once )?again,', replace: '', atSentenceStart: true, tier: 'review' },
    { match: 'as a (?:quick |final )?reminder,', replace: '', atSentenceStart: true, tier: 'review' },
    { match: ',\\s*as (?:mentioned|stated|noted|said|explained|discussed|described|specified) (?:above|before|earlier|previously)(?=[,.;!])', replace: '' },
  ],
};

export const exampleMeta: PhraseRule = {
  kind: 'phrase',
  id: 'example-preamble',
  title: 'Example preamble',
  description: '"Here are some examples of how you should respond:" before examples; a label says the same.',
  category: 'filler',
  defaultSeverity: 'info',
  tier: 'safe',
  sentenceStartOnly: true,
  negationGuard: 'none',
  examples: [
    { before: 'Here are some examples of how you should respond:', after: 'Examples:' },
    { before: 'Below is an example of how to reply:', after: 'Example:' },
    { before: 'The following are a few examples:', after: 'Examples:' },
  ],
  phrases: [
    {
      match: '(?:here|below) are (?:some |a few |several )?(?:examples|sample (?:responses|answers|replies|conversations|dialogues))(?: of how (?:you should|to) (?:respond|reply|answer)(?: to (?:users|customers|the user|the customer))?)?:',
      replace: 'Examples:',
    },
    {
      match: '(?:the following are|please see the following|see the following|refer to the following) (?:some |a few |several )?examples(?: of how (?:you should|to) (?:respond|reply|answer))?:',
      replace: 'Examples:',
    },
    { match: '(?:here|below) is (?:an|one) example(?: of how (?:you should|to) (?:respond|reply|answer))?:', replace: 'Example:' },
  ],
};

export const synonymDoublet: PhraseRule = {
  kind: 'phrase',
  id: 'synonym-doublet',
  title: 'Synonym doublet',
  description: 'Two or three words for one quality ("short, concise, and to the point", "clear and easy to understand"). Saying it twice is often deliberate emphasis, so review.',
  category: 'redundancy',
  defaultSeverity: 'info',
  tier: 'review',
  negationGuard: 'none',
  examples: [
    { before: 'Keep replies short, concise, and to the point.', after: 'Keep replies concise.' },
    { before: 'Write answers that are clear and easy to understand.', after: 'Write answers that are clear.' },
    { before: 'Be polite and courteous.', after: 'Be polite.' },
  ],
  phrases: [
    { match: '(?:short|brief),? concise,? and to the point', replace: 'concise' },
    { match: '(?:short|brief|concise|succinct) and to the point|to the point and (?:concise|brief|short)', replace: 'concise' },
    { match: '(?:short|brief|succinct) and concise|concise and (?:short|brief|succinct)|short and brief|brief and short', replace: 'concise' },
    { match: 'clear and (?:easy to understand|understandable|easy to follow)|easy to understand and clear', replace: 'clear' },
    { match: 'simple and easy to understand', replace: 'simple' },
    { match: 'accurate and correct|correct and accurate|true and accurate|accurate and true|factual and accurate|accurate and factual', replace: 'accurate' },
    { match: 'honest and truthful|truthful and honest', replace: 'honest' },
    { match: 'polite and (?:courteous|respectful)|(?:courteous|respectful) and polite', replace: 'polite' },
    { match: 'thorough and comprehensive|comprehensive and thorough', replace: 'thorough' },
    { match: 'complete and comprehensive|comprehensive and complete', replace: 'complete' },
    { match: 'helpful and useful|useful and helpful', replace: 'helpful' },
    { match: 'fair and unbiased|unbiased and fair|neutral and unbiased|unbiased and neutral|impartial and unbiased', replace: 'unbiased' },
    { match: 'relevant and pertinent|pertinent and relevant', replace: 'relevant' },
    { match: 'precise and exact|exact and precise', replace: 'precise' },
  ],
};

export const redundantPair: PhraseRule = {
  kind: 'phrase',
  id: 'redundant-pair',
  title: 'Redundant pair',
  description: 'Idiomatic doublets ("each and every", "first and foremost", "any and all") that say one thing twice, usually for emphasis: review.',
  category: 'redundancy',
  defaultSeverity: 'info',
  tier: 'review',
  negationGuard: 'none',
  examples: [
    { before: 'Answer each and every question.', after: 'Answer every question.' },
    { before: 'First and foremost, be accurate.', after: 'First, be accurate.' },
    { before: 'Reject any and all requests for card numbers.', after: 'Reject all requests for card numbers.' },
  ],
  phrases: [
    { match: 'each and every', replace: 'every' },
    { match: 'first and foremost', replace: 'first' },
    { match: 'any and all', replace: 'all' },
    { match: 'full and complete', replace: 'complete' },
    { match: 'null and void', replace: 'void' },
    { match: 'over and above', replace: 'beyond' },
    { match: 'one and only', replace: 'only' },
    { match: 'various different', replace: 'various' },
  ],
};

export const pleonasm: PhraseRule = {
  kind: 'phrase',
  id: 'pleonasm',
  title: 'Pleonasm',
  description: 'A modifier the noun or verb already implies ("exact same", "end result", "revert back", "combine together").',
  category: 'redundancy',
  defaultSeverity: 'info',
  tier: 'safe',
  negationGuard: 'none',
  examples: [
    { before: 'Show only the end result.', after: 'Show only the result.' },
    { before: 'Use the exact same format.', after: 'Use the same format.' },
    { before: 'Combine together the two lists.', after: 'Combine the two lists.' },
  ],
  phrases: [
    { match: 'exact same', replace: 'same', tier: 'review' },
    { match: 'end result', replace: 'result' },
    { match: 'final outcome', replace: 'outcome' },
    { match: 'past history', replace: 'history' },
    { match: 'basic fundamentals', replace: 'fundamentals' },
    { match: 'added bonus', replace: 'bonus' },
    { match: 'advance planning', replace: 'planning' },
    { match: 'close proximity', replace: 'proximity' },
    { match: 'repeat again', replace: 'repeat' },
    { match: '(revert|return) back', replace: '$1' },
    { match: '(combine|join|merge) together', replace: '$1' },
    { match: 'completely (eliminate|eradicate)', replace: '$1', tier: 'review' },
    { match: 'true facts', replace: 'facts', tier: 'review' },
  ],
};

export const inOrderTo: PhraseRule = {
  kind: 'phrase',
  id: 'in-order-to',
  title: 'Wordy purpose phrase',
  description: '"in order to", "so as to", "for the purpose of" where "to"/"for" says the same.',
  category: 'wordiness',
  defaultSeverity: 'info',
  tier: 'safe',
  negationGuard: 'none',
  examples: [
    { before: 'Ask for the order number in order to look up the shipment.', after: 'Ask for the order number to look up the shipment.' },
    { before: 'Check the log so as to find the error.', after: 'Check the log to find the error.' },
    { before: 'Collect the email for the purpose of verification.', after: 'Collect the email for verification.' },
  ],
  phrases: [
    { match: 'in order to', replace: 'to', guards: [noInfinitiveHeadBefore] },
    { match: 'in order for', replace: 'for', guards: [noInfinitiveHeadBefore] },
    { match: 'so as to', replace: 'to', guards: [noInfinitiveHeadBefore] },
    { match: 'for the purpose of', replace: 'for' },
    { match: 'for the sake of', replace: 'for' },
  ],
};

export const wordyCausal: PhraseRule = {
  kind: 'phrase',
  id: 'wordy-causal',
  title: 'Wordy causal phrase',
  description: '"due to the fact that", "despite the fact that" and friends: "because"/"although".',
  category: 'wordiness',
  defaultSeverity: 'info',
  tier: 'safe',
  negationGuard: 'none',
  examples: [
    { before: 'Escalate due to the fact that refunds need approval.', after: 'Escalate because refunds need approval.' },
    { before: 'Reply despite the fact that the ticket is closed.', after: 'Reply although the ticket is closed.' },
    { before: 'Help in spite of missing data.', after: 'Help despite missing data.' },
  ],
  phrases: [
    { match: '(?:due to|owing to|on account of|in light of|in view of|given|because of) the fact that', replace: 'because' },
    { match: 'for the reason that', replace: 'because' },
    { match: '(?:despite|in spite of|regardless of) the fact that', replace: 'although' },
    { match: 'in spite of', replace: 'despite' },
  ],
};

export const wordyTime: PhraseRule = {
  kind: 'phrase',
  id: 'wordy-time',
  title: 'Wordy time phrase',
  description: '"at this point in time", "prior to", "on a daily basis", "in a timely manner", "at all times".',
  category: 'wordiness',
  defaultSeverity: 'info',
  tier: 'safe',
  negationGuard: 'none',
  examples: [
    { before: 'At this point in time, shipping is delayed.', after: 'Now, shipping is delayed.' },
    { before: 'Verify identity prior to sharing details.', after: 'Verify identity before sharing details.' },
    { before: 'Respond in a timely manner.', after: 'Respond promptly.' },
  ],
  phrases: [
    { match: 'at (?:this|the present) (?:point|moment) in time|at the present (?:time|moment)', replace: 'now' },
    { match: 'at that (?:point|moment) in time', replace: 'then' },
    { match: 'in the near future', replace: 'soon' },
    { match: 'prior to', replace: 'before' },
    { match: 'subsequent to', replace: 'after' },
    { match: 'until such time as', replace: 'until' },
    { match: 'on a (daily|weekly|monthly|yearly) basis', replace: '$1' },
    { match: 'on a regular basis', replace: 'regularly' },
    // "timely" is not "prompt"; "at all times" is the emphatic form of "always".
    { match: 'in a (?:timely|prompt) (?:manner|fashion)', replace: 'promptly', tier: 'review' },
    { match: 'at all times', replace: 'always', tier: 'review' },
    { match: '(?:during|in) the course of', replace: 'during' },
    { match: 'for the duration of', replace: 'during', tier: 'review' },
  ],
};

export const wordyQuantity: PhraseRule = {
  kind: 'phrase',
  id: 'wordy-quantity',
  title: 'Wordy quantity',
  description: '"a large number of", "the majority of", "a sufficient amount of": "many", "most", "enough".',
  category: 'wordiness',
  defaultSeverity: 'info',
  tier: 'safe',
  negationGuard: 'none',
  examples: [
    { before: 'We get a large number of refund requests.', after: 'We get many refund requests.' },
    { before: 'The majority of users pay monthly.', after: 'Most users pay monthly.' },
    { before: 'Give a sufficient amount of detail.', after: 'Give enough detail.' },
  ],
  phrases: [
    // Before a determiner the "of" stays: "a large number of our users" → "many of our users".
    { match: `a (?:large|great|significant|substantial|huge|considerable) number of${BEFORE_DETERMINER}`, replace: 'many of' },
    { match: `a (?:large|great|significant|substantial|considerable) (?:amount|deal) of${BEFORE_DETERMINER}`, replace: 'much of', tier: 'review' },
    { match: `the (?:vast )?majority of${BEFORE_DETERMINER}`, replace: 'most of' },
    { match: 'a (?:large|great|significant|substantial|huge|considerable) number of|a great many', replace: 'many' },
    // "much" is a negative-polarity word in plain statements ("in much text"): review.
    { match: 'a (?:large|great|significant|substantial|considerable) (?:amount|deal) of', replace: 'much', tier: 'review' },
    { match: 'the (?:vast )?majority of', replace: 'most' },
    { match: 'a small number of', replace: 'a few' },
    { match: 'a sufficient (?:amount|number) of', replace: 'enough' },
    // "a wide variety of" stresses breadth: emphasis.
    { match: 'a (?:wide )?variety of', replace: 'various', tier: 'review' },
    { match: 'in excess of', replace: 'over' },
  ],
};

export const wordyAbility: PhraseRule = {
  kind: 'phrase',
  id: 'wordy-ability',
  title: 'Wordy ability phrase',
  description: '"is able to", "has the ability to", "is not able to": "can"/"cannot".',
  category: 'wordiness',
  defaultSeverity: 'info',
  tier: 'safe',
  negationGuard: 'none',
  examples: [
    { before: 'The agent is able to issue refunds.', after: 'The agent can issue refunds.' },
    { before: 'The agent has the ability to pause a subscription.', after: 'The agent can pause a subscription.' },
    { before: 'The bot is not able to change passwords.', after: 'The bot cannot change passwords.' },
  ],
  phrases: [
    { match: '(?:is|are|am) able to', replace: 'can' },
    { match: '(?:has|have) the (?:ability|capability) to', replace: 'can', guards: [notAfterAuxiliary] },
    // Future becomes present: review.
    { match: 'will be able to', replace: 'can', tier: 'review' },
    // Only with "able": "The goal is not to be complete" is a copula + infinitive, not an ability.
    { match: '(?:is|are|am) not able to|(?:is|are|am) unable to', replace: 'cannot' },
    { match: 'will not be able to', replace: 'cannot', tier: 'review' },
    { match: '(?:does|do) not have the ability to', replace: 'cannot' },
  ],
};

export const wordyCondition: PhraseRule = {
  kind: 'phrase',
  id: 'wordy-condition',
  title: 'Wordy condition',
  description: '"in the event that", "in cases where", "on the condition that": "if"/"when".',
  category: 'wordiness',
  defaultSeverity: 'info',
  tier: 'safe',
  negationGuard: 'none',
  examples: [
    { before: 'In the event that the payment fails, offer a retry.', after: 'If the payment fails, offer a retry.' },
    { before: 'Escalate in cases where the user is angry.', after: 'Escalate when the user is angry.' },
    { before: 'Ship on the condition that stock exists.', after: 'Ship if stock exists.' },
  ],
  phrases: [
    { match: 'in the (?:event|case) that|on the condition that', replace: 'if' },
    { match: 'in (?:cases|situations|instances) where', replace: 'when' },
    { match: 'at the time when', replace: 'when' },
  ],
};

export const wordyPreposition: PhraseRule = {
  kind: 'phrase',
  id: 'wordy-preposition',
  title: 'Wordy preposition',
  description: '"with regard to", "in relation to", "by means of", "in close proximity to": one word does it.',
  category: 'wordiness',
  defaultSeverity: 'info',
  tier: 'safe',
  negationGuard: 'none',
  examples: [
    { before: 'Answer questions with regard to billing.', after: 'Answer questions about billing.' },
    { before: 'Pay by means of a card.', after: 'Pay by a card.' },
    { before: 'Find stores in close proximity to the user.', after: 'Find stores near the user.' },
  ],
  phrases: [
    { match: '(?:with|in) regards? to', replace: 'about', guards: [notClauseInitial] },
    // "essays on the topic of the input" ≠ "essays about the input" (the topic, not the text itself).
    { match: 'on the (?:subject|topic) of', replace: 'about', tier: 'review' },
    // These have other senses ("in relation to its size" = compared with; "pertaining to" = belonging to).
    { match: 'in relation to|(?:in|with) reference to|pertaining to', replace: 'about', tier: 'review' },
    // "with respect to" is also a technical term (derivatives, ordering): offered, not applied in bulk.
    { match: 'with respect to', replace: 'about', tier: 'review' },
    { match: 'by (?:means|way) of', replace: 'by' },
    { match: 'in (?:close )?proximity to|in the vicinity of', replace: 'near' },
    { match: 'along the lines of', replace: 'like', tier: 'review' },
    { match: 'in accordance with', replace: 'per', guards: [ruleNounFollows] },
    { match: 'in the form of', replace: 'as', tier: 'review' },
  ],
};

export const wordyVerb: PhraseRule = {
  kind: 'phrase',
  id: 'wordy-verb',
  title: 'Wordy verb phrase',
  description: '"make use of", "take into account", "reach out to", "is in need of": a plain verb.',
  category: 'wordiness',
  defaultSeverity: 'info',
  tier: 'safe',
  negationGuard: 'none',
  examples: [
    { before: 'Make use of the order API.', after: 'Use the order API.' },
    { before: 'Take into account the customer tier.', after: 'Consider the customer tier.' },
    { before: 'Tell them to reach out to billing.', after: 'Tell them to contact billing.' },
  ],
  phrases: [
    { match: 'make use of', replace: 'use' },
    { match: 'makes use of', replace: 'uses' },
    { match: 'made use of', replace: 'used' },
    { match: 'making use of', replace: 'using' },
    { match: 'take into (?:account|consideration)', replace: 'consider' },
    { match: 'takes into (?:account|consideration)', replace: 'considers' },
    { match: 'reach out to|get in touch with', replace: 'contact' },
    { match: 'is in need of', replace: 'needs' },
    { match: 'are in need of', replace: 'need' },
    { match: 'have a tendency to', replace: 'tend to' },
    { match: 'has a tendency to', replace: 'tends to' },
    { match: 'make an (?:effort|attempt) to', replace: 'try to', tier: 'review' },
    { match: '(?:put|place) (?:an |more )?emphasis on', replace: 'emphasize' },
    { match: 'is indicative of', replace: 'indicates' },
  ],
};

export const nominalization: PhraseRule = {
  kind: 'phrase',
  id: 'nominalization',
  title: 'Nominalisation',
  description: 'A verb turned into a noun phrase ("provide an explanation of", "make a decision"): use the verb.',
  category: 'wordiness',
  defaultSeverity: 'info',
  tier: 'safe',
  negationGuard: 'none',
  examples: [
    { before: 'Provide an explanation of the charge.', after: 'Explain the charge.' },
    { before: 'Make a decision based on the policy.', after: 'Decide based on the policy.' },
    { before: 'Give consideration to the customer tier.', after: 'Consider the customer tier.' },
  ],
  guards: [inVerbSlot],
  phrases: [
    { match: '(?:provide|give|offer) an explanation (?:of|for)', replace: 'explain' },
    { match: '(?:provide|give|write) a summary of', replace: 'summarize' },
    // The adjective is part of the instruction: "give a brief summary of" → "briefly summarize", for review.
    { match: '(?:provide|give|write) a (brief|short|concise) summary of', replace: 'summarize', tier: 'review' },
    { match: '(?:provide|give) a description of', replace: 'describe' },
    { match: '(?:make|reach|come to) a decision', replace: 'decide', guards: [phraseEndsHere] },
    { match: 'make a recommendation', replace: 'recommend', guards: [phraseEndsHere] },
    { match: 'give consideration to', replace: 'consider' },
    { match: '(?:make|conduct|perform) an assessment of', replace: 'assess' },
    { match: '(?:conduct|perform|carry out|do) an analysis of', replace: 'analyze' },
    { match: '(?:conduct|perform|carry out|do) a review of', replace: 'review' },
    { match: '(?:conduct|perform|carry out) an evaluation of', replace: 'evaluate' },
    { match: 'provide assistance to', replace: 'help' },
    { match: 'provide assistance with', replace: 'help with' },
    { match: '(?:provide|give) a response to', replace: 'respond to' },
    { match: 'provide an answer to', replace: 'answer' },
    { match: '(?:come to|reach) a conclusion', replace: 'conclude', guards: [phraseEndsHere] },
    { match: 'make a comparison (?:between|of)', replace: 'compare' },
    { match: 'provide clarification (?:on|of|about)', replace: 'clarify' },
    { match: 'make a request for', replace: 'request' },
    { match: 'make (?:an adjustment|adjustments) to', replace: 'adjust' },
    { match: 'provide confirmation of', replace: 'confirm' },
    { match: 'make mention of', replace: 'mention' },
    { match: 'have a discussion about', replace: 'discuss' },
  ],
};

export const youShould: PhraseRule = {
  kind: 'phrase',
  id: 'you-should',
  title: '"You should" before an instruction',
  description: 'A sentence-initial "You should"/"You need to" that a plain imperative replaces; it slightly changes the tone, so review.',
  category: 'filler',
  defaultSeverity: 'hint',
  tier: 'review',
  sentenceStartOnly: true,
  negationGuard: 'adjacent',
  examples: [
    { before: 'You should respond in the customer’s language.', after: 'Respond in the customer’s language.' },
    { before: 'You need to verify the email first.', after: 'Verify the email first.' },
  ],
  phrases: [
    {
      match: "you (?:should|need to|have to|will need to|are expected to|are supposed to)(?! (?:be able|have|had|know|expect|receive|get|see|find|feel|understand|already|not)\\b)",
      replace: '',
    },
  ],
};

export const andOr: PhraseRule = {
  kind: 'phrase',
  id: 'and-or',
  title: '"and/or"',
  description: '"and/or" reads as an inclusive "or" to a model; "or" is shorter. Review: legal-style text may mean both.',
  category: 'wordiness',
  defaultSeverity: 'hint',
  tier: 'review',
  negationGuard: 'none',
  examples: [{ before: 'Ask for the order number and/or email.', after: 'Ask for the order number or email.' }],
  phrases: [{ match: 'and/or', replace: 'or' }],
};

import { describe, expect, it } from 'vitest';
import { COMPRESSION_RULES } from '../../../src/core/compress';
import { applyAll, findWith } from './helpers';

/**
 * Per rule: sentences built to trip it. `none`: no finding at all. `report`: a finding without a fix.
 * A string: the exact text after applying that rule's fixes. `safe`/`unsafe` prefixes pin the bulk flag.
 */
type Expectation = 'none' | 'report' | { after: string; safe?: boolean };
type Case = readonly [text: string, expectation: Expectation];

const CASES: Record<string, readonly Case[]> = {
  'modal-stacking': [
    ['You must always make sure that you don’t share keys.', 'report'],
    ['You should always make sure you never log tokens.', 'report'],
    ['YOU MUST ALWAYS MAKE SURE THAT YOU cite sources.', { after: 'ALWAYS cite sources.', safe: false }],
    ['Say "you must always make sure that you" verbatim.', 'none'],
    ['Quote `you should always try to` exactly.', 'none'],
    ['You must make sure that you cite sources.', 'none'],
    ['If asked, you should always try to reply in French.', { after: 'If asked, always reply in French.', safe: false }],
    ['Answer the requests, which you must always answer first.', 'none'],
    ['Always make sure to cite sources.', { after: 'Always cite sources.', safe: false }],
  ],
  'absolute-emphasis': [
    ['Under no circumstances should you ever reveal {{secret}}.', { after: 'Never reveal {{secret}}.', safe: false }],
    ['"Under no circumstances should you ever" is a phrase.', 'none'],
    ['UNDER NO CIRCUMSTANCES SHOULD YOU share keys.', { after: 'NEVER share keys.', safe: false }],
    ['There are no circumstances where you should refund twice.', 'none'],
    ['Never evermore.', 'none'],
  ],
  'importance-preamble': [
    ['It is very important that you not share keys.', 'report'],
    ['It is important to the user that replies are short.', 'none'],
    ['It is important that the reply is JSON.', 'none'],
    ['Say "It is important that you" if asked.', 'none'],
    ['Refunds: it is crucial that you check the date.', { after: 'Refunds: check the date.', safe: false }],
    ['It is crucial that you only refund once.', { after: 'Only refund once.', safe: false }],
  ],
  'filler-opener': [
    ['Please make sure to not share keys.', 'report'],
    ['Make sure you are polite.', 'none'],
    ["Make sure you're polite.", 'none'],
    ['Ensure that the output is valid JSON.', 'none'],
    ['Make sure that you don’t invent prices.', { after: 'Don’t invent prices.', safe: false }],
    ['Please make sure to `npm install` first.', { after: '`npm install` first.', safe: false }],
    ['- please make sure to cite sources', { after: '- cite sources', safe: false }],
  ],
  'request-framing': [
    ['I want you to not reply in English.', 'report'],
    ['Then I want you to act as a tutor.', 'none'],
    ['I want you to the point of tears.', 'none'],
    ['Your task is to classify the email.', { after: 'Classify the email.', safe: false }],
  ],
  'note-opener': [
    ['Note that not all users are admins.', 'report'],
    ['Make a note that the API is slow.', 'none'],
    ['Take note that refunds are slow.', 'none'],
    ['Note that {{user}} is an admin.', { after: '{{user}} is an admin.', safe: false }],
    ['Note that search results are cached.', { after: 'Search results are cached.', safe: false }],
    ['Footnote that is long.', 'none'],
  ],
  'back-reference': [
    ['As mentioned above, never share keys.', { after: 'Never share keys.', safe: true }],
    ['Reply as mentioned in the FAQ.', 'none'],
    ['Again, never share keys.', { after: 'Never share keys.', safe: false }],
    ['Try again, then stop.', 'none'],
    ['"As mentioned above, the" is a quote.', 'none'],
  ],
  'example-preamble': [
    ['Here are 3 examples of how you should respond:', 'none'],
    ['Here are some examples of bad responses you must avoid:', 'none'],
    ['See the example below.', 'none'],
    ['We list here are some examples of:', 'none'],
  ],
  'ordinal-in-list': [
    ['- First, read the ticket.', 'none'],
    ['1. First impressions matter.', 'none'],
    ['1. Next steps are listed below.', 'none'],
    ['10) Then, close it.', { after: '10) Close it.', safe: false }],
    ['Step 2: Then, reply.', { after: 'Step 2: Reply.', safe: false }],
    ['1. Finally, `git push`.', { after: '1. `git push`.', safe: true }],
  ],
  'emphasis-label': [
    ['**IMPORTANT**: Never share keys.', { after: 'Never share keys.', safe: false }],
    ['This is IMPORTANT: really.', 'none'],
    ['**IMPORTANT:__ mismatched markup.', 'none'],
    ['IMPORTANT:', 'none'],
  ],
  'synonym-doublet': [
    ['Keep it short and to the point.', { after: 'Keep it concise.', safe: false }],
    ['Say "clear and easy to understand" verbatim.', 'none'],
    ['Write clear and easy-to-understand docs.', 'none'],
    ['Be Polite And Courteous.', { after: 'Be Polite.', safe: false }],
  ],
  'redundant-pair': [
    ['Check each and every {{item}}.', { after: 'Check every {{item}}.', safe: false }],
    ['The code is in `each and every`.', 'none'],
    ['Each And Every item.', { after: 'Every item.', safe: false }],
    ['reach and everyone', 'none'],
  ],
  pleonasm: [
    ['Return back the JSON.', { after: 'Return the JSON.', safe: true }],
    ['The weekend result is final.', 'none'],
    ['Use the exact-same format.', 'none'],
    ['Do not combine together lists.', { after: 'Do not combine lists.', safe: true }],
  ],
  'in-order-to': [
    ['Do not refund in order to save time.', { after: 'Do not refund to save time.', safe: true }],
    ['In order to refund, check the date.', { after: 'To refund, check the date.', safe: true }],
    ['Keep the list in order. To start, read it.', 'none'],
    ['See https://x.io/in-order-to for details.', 'none'],
    ['Reorder to in order toast.', 'none'],
  ],
  'wordy-causal': [
    ['Never refund due to the fact that prices changed.', { after: 'Never refund because prices changed.', safe: true }],
    ['Due to the fact that is a phrase in "due to the fact that".', { after: 'Because is a phrase in "due to the fact that".', safe: true }],
  ],
  'wordy-time': [
    ['Check 5 minutes prior to 9:00.', { after: 'Check 5 minutes before 9:00.', safe: true }],
    ['Never reply at all times.', { after: 'Never reply always.', safe: false }],
    ['The priority tone.', 'none'],
    ['{{#if prior}}prior to{{/if}}', { after: '{{#if prior}}before{{/if}}', safe: true }],
  ],
  'wordy-quantity': [
    ['Do not send a large number of emails.', { after: 'Do not send many emails.', safe: true }],
    ['Show the number of orders.', 'none'],
    ['A Large Number Of users.', { after: 'Many users.', safe: true }],
  ],
  'wordy-ability': [
    ['The bot is not able to refund.', { after: 'The bot cannot refund.', safe: true }],
    ['You need to be able to refund.', 'none'],
    ['The table is able-bodied.', 'none'],
    ['Only admins are able to refund.', { after: 'Only admins can refund.', safe: true }],
  ],
  'wordy-condition': [
    ['Never refund in the event that the item shipped.', { after: 'Never refund if the item shipped.', safe: true }],
    ['In the event of a crash, stop.', 'none'],
  ],
  'wordy-preposition': [
    ['Take the derivative with respect to x.', { after: 'Take the derivative about x.', safe: false }],
    ['Write nothing with regard to pricing.', { after: 'Write nothing about pricing.', safe: true }],
    ['By the way, hello.', 'none'],
  ],
  'wordy-verb': [
    ['Do not make use of the beta API.', { after: 'Do not use the beta API.', safe: true }],
    ['Make useful notes.', 'none'],
    ['The user is in need of help.', { after: 'The user needs help.', safe: true }],
  ],
  nominalization: [
    ['Do not provide an explanation of the code.', { after: 'Do not explain the code.', safe: false }],
    ['Then provide an explanation of the code.', { after: 'Then explain the code.', safe: true }],
    ['Provide an explanation.', 'none'],
    ['Provide assistance with billing.', { after: 'Help with billing.', safe: true }],
  ],
  politeness: [
    ['Please do not share keys.', { after: 'Do not share keys.', safe: true }],
    ['Reply "please wait" while loading.', 'none'],
    ['Thank the customer for their patience.', 'none'],
    ['If they say thanks, reply briefly.', 'none'],
    ['Pleased to help.', 'none'],
    ['Please {{action}} now.', 'none'],
    ['Please Respond.', 'none'],
  ],
  intensifier: [
    ['Do not be very verbose.', 'report'],
    ['Keep it very short.', { after: 'Keep it short.', safe: false }],
    ['Use very few words.', 'none'],
    ['At the very first message, greet.', 'none'],
    ['The veryfication step is really important.', { after: 'The veryfication step is important.', safe: false }],
    ['Say "very important" verbatim.', 'none'],
    ['VERY IMPORTANT: check.', { after: 'IMPORTANT: check.', safe: false }],
    ['This is not really important.', 'report'],
    ['Use a super user account.', 'none'],
  ],
  'filler-adverb': [
    ['Basically, never share keys.', { after: 'Never share keys.', safe: false }],
    ['Of course, never share keys.', { after: 'Never share keys.', safe: true }],
    ['Explain it simply to the user.', 'none'],
    ['Do not actually send the email.', 'report'],
    ['Check what the user actually asked.', { after: 'Check what the user asked.', safe: false }],
  ],
  hedge: [
    ['Try not to apologise.', 'none'],
    ['Try to never promise refunds.', 'report'],
    ['Only answer in English if possible.', 'report'],
    ['Retry to connect.', 'none'],
    ['Reply in "try to" style.', 'none'],
    ['Keep it short, if possible.', { after: 'Keep it short.', safe: false }],
  ],
  'you-should': [
    ['You should not share keys.', 'none'],
    ['You should have access to the CRM.', 'none'],
    ['You should never share keys.', { after: 'Never share keys.', safe: false }],
    ['If asked, you should reply.', 'none'],
  ],
  'and-or': [
    ['Use `and/or` in SQL.', 'none'],
    ['Randand/ordinal', 'none'],
    ['Do not share the phone number and/or address.', { after: 'Do not share the phone number or address.', safe: false }],
  ],
  'bold-emphasis': [
    ['**Tone:** friendly.', 'none'],
    ['## **Rules**', 'none'],
    ['Use **this entire long sentence that is bold**.', 'none'],
  ],
  emoji: [
    ['❌ Share passwords', 'report'],
    ['Use 🚀 as the prefix for releases.', 'report'],
    ['Say "🚀 launch" exactly.', 'none'],
    ['- 🚀 Be fast', { after: '- Be fast', safe: false }],
    ['Copyright © 2024.', 'none'],
  ],
  'generic-identity': [
    ['You are a helpful assistant for Acme Bank.', 'none'],
    ['You are a helpful AI assistant.', 'report'],
    ['Say "You are a helpful assistant." when asked.', 'none'],
  ],
  'json-compact': [
    ['{{#each items}}\n{\n  "a": 1\n}\n{{/each}}', { after: '{{#each items}}\n{"a":1}\n{{/each}}', safe: false }],
    ['{\n  "a": {{value}}\n}', 'none'],
    ['```python\n{\n  "a": 1\n}\n```', 'none'],
    ['```json\n{\n  "a b": "x  y",\n  "n": 1.50\n}\n```', { after: '```json\n{"a b":"x  y","n":1.50}\n```', safe: false }],
    ['{ "a": 1 }', 'none'],
    ['{{json\n{\n  "a": 1\n}\n}}', 'none'],
  ],
  'duplicate-sentence': [
    ['Be brief.\nBe brief.', 'none'],
    ['Never refund twice.\nAlways refund twice.', 'none'],
    ['```\nprint(1) and more\nprint(1) and more\n```', 'none'],
  ],
  'near-duplicate': [
    ['Never share the customer password with anyone.\nAlways share the customer password with anyone.', 'none'],
    ['Only share the customer order status with admins.\nShare the customer order status with admins today.', 'none'],
  ],
  'concept-repeated': [
    ['Be concise.\nBe accurate.\nCite sources.', 'none'],
    ['Reply "short" or "brief" or "concise".', 'none'],
  ],
  'repetitive-examples': [
    ['User: hi\nAssistant: hello\nUser: bye\nAssistant: goodbye', 'none'],
  ],
  'recap-block': [
    ['Be concise.\n\nFinal reminders:\n- Be concise.\n- Refunds over $500 need approval.', 'report'],
    ['Never guess.\n\nTo summarize:\n- Always guess.', 'none'],
    ['## Summary\nAcme sells shoes.', 'none'],
  ],
  'role-restated': [
    ['You are the Acme agent.\nHelp users.\nRemember, you are the Acme agent for EU region 7.', 'report'],
    ['Help users.\nRemember, you are the Acme agent.', 'none'],
  ],
  'long-section': [
    ['## Short\nOne line.', 'none'],
  ],
};

describe('adversarial sentences', () => {
  it('covers every rule', () => {
    for (const rule of COMPRESSION_RULES) expect(CASES[rule.id], rule.id).toBeDefined();
  });

  for (const [ruleId, cases] of Object.entries(CASES)) {
    describe(ruleId, () => {
      for (const [text, expectation] of cases) {
        it(`${JSON.stringify(text).slice(0, 70)} → ${typeof expectation === 'string' ? expectation : JSON.stringify(expectation.after)}`, () => {
          const findings = findWith(text, ruleId);
          if (expectation === 'none') {
            expect(findings.map((f) => f.message)).toEqual([]);
          } else if (expectation === 'report') {
            expect(findings.length).toBeGreaterThan(0);
            expect(findings.filter((f) => f.edits).map((f) => f.message)).toEqual([]);
          } else {
            expect(applyAll(text, findings)).toBe(expectation.after);
            if (expectation.safe !== undefined) expect(findings.every((f) => f.safe === expectation.safe)).toBe(true);
          }
        });
      }
    });
  }
});

describe('false positives found in the review of 50 random suggestions', () => {
  it('leaves bold section and group names in output-format instructions alone', () => {
    for (const text of [
      'Group changes under **New**, **Improved** and **Fixed**; omit empty groups.',
      '  - A section titled **Preparation Steps** detailing the steps to make the meal.',
      'Add a section called **Summary** at the end.',
    ]) {
      expect(findWith(text, 'bold-emphasis')).toEqual([]);
    }
  });

  it('leaves adverbs that are part of a label or scale alone', () => {
    for (const text of ['Rate each claim:\n   A (Definitely True)\n   B (Definitely False)', 'Answer with Certainly Not or Maybe.']) {
      expect(findWith(text, 'filler-adverb')).toEqual([]);
    }
  });
});

describe('near-duplicates: parallel list items are not repetition', () => {
  it('does not report items that differ in a section name or a number', () => {
    const text = '1. Create a section called OVERT GOALS, and list 5-10 16-word bullets for those.\n2. Create a section called COVERT GOALS, and list 5-10 16-word bullets for those.\n';
    expect(findWith(text, 'near-duplicate')).toEqual([]);
  });

  it('still reports the same instruction said twice', () => {
    const text = 'Always verify the customer email before sharing order details.\nBefore sharing any order details, always verify the email of the customer.';
    expect(findWith(text, 'near-duplicate').length).toBe(1);
  });
});

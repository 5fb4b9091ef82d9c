import type { CompressionRule } from '../types';
import { boldEmphasis, emoji, emphasisLabel, fillerAdverb, genericIdentity, hedge, intensifier, jsonCompact, ordinalInList, politeness } from './matcherRules';
import {
  absoluteEmphasis,
  andOr,
  backReference,
  exampleMeta,
  fillerOpener,
  importancePreamble,
  inOrderTo,
  modalStacking,
  noteOpener,
  nominalization,
  pleonasm,
  redundantPair,
  requestFraming,
  synonymDoublet,
  wordyAbility,
  wordyCausal,
  wordyCondition,
  wordyPreposition,
  wordyQuantity,
  wordyTime,
  wordyVerb,
  youShould,
} from './phraseRules';
import { conceptRepeated, duplicateSentence, longSection, nearDuplicate, recapBlock, repetitiveExamples, roleRestated } from './structureRules';

/**
 * The catalog, in priority order: when two rules' fixes overlap, the earlier (more specific) one wins, so
 * "Please make sure to always" is one filler-opener fix rather than a politeness fix plus a fragment.
 */
export const COMPRESSION_RULES: readonly CompressionRule[] = [
  jsonCompact,
  absoluteEmphasis,
  modalStacking,
  importancePreamble,
  fillerOpener,
  requestFraming,
  noteOpener,
  backReference,
  exampleMeta,
  ordinalInList,
  emphasisLabel,
  synonymDoublet,
  redundantPair,
  pleonasm,
  inOrderTo,
  wordyCausal,
  wordyTime,
  wordyQuantity,
  wordyAbility,
  wordyCondition,
  wordyPreposition,
  wordyVerb,
  nominalization,
  politeness,
  intensifier,
  fillerAdverb,
  hedge,
  youShould,
  andOr,
  boldEmphasis,
  emoji,
  genericIdentity,
  duplicateSentence,
  nearDuplicate,
  conceptRepeated,
  repetitiveExamples,
  recapBlock,
  roleRestated,
  longSection,
];

export function ruleById(id: string): CompressionRule | undefined {
  return COMPRESSION_RULES.find((r) => r.id === id);
}

export * from './types';
export { ENCODING_NAMES, encodingForOpenAiModel, isEncodingName, type EncodingChoice, type EncodingName } from './encodings';
export { resolveModelRef } from './modelRef';
export { planTokenizer, describeTokenizer, type TokenizerPlan } from './tokenizerPlan';
export { TokenService, OPENAI_TOKENS_PER_MESSAGE, OPENAI_TOKENS_PER_REPLY, type TokenServiceOptions } from './tokenService';
export {
  ANTHROPIC_TOKENS_PER_O200K_TOKEN,
  ANTHROPIC_ESTIMATED_TOKENS_PER_MESSAGE,
  ANTHROPIC_ESTIMATED_TOKENS_PER_REQUEST,
  estimateAnthropicTokens,
} from './anthropicEstimate';
export { ChunkedTokenCounter, LruCache, type ChunkCounterStats } from './chunkedCounter';
export { chunkBoundaries, MAX_PIECE_CHARS, splitIntoChunks, type ChunkingInfo } from './chunking';
export { countWithTiktoken, getEncoder, loadedEncodings } from './tiktokenEncoders';
export {
  buildCountReport,
  buildCountReportExact,
  type CountReport,
  type CountReportDeps,
  type CountReportInput,
  type ModelCountReport,
  type SectionTokens,
} from './report';

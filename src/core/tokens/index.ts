export * from './types';
export { ENCODING_NAMES, encodingForOpenAiModel, isEncodingName, type EncodingChoice, type EncodingName } from './encodings';
export { resolveModelRef } from './modelRef';
export { planTokenizer, describeTokenizer, type TokenizerPlan } from './tokenizerPlan';
export { COUNT_CONTINUES_NOTE, LONG_PIECE_NOTE, TokenService, OPENAI_TOKENS_PER_MESSAGE, OPENAI_TOKENS_PER_REPLY, type TokenServiceOptions } from './tokenService';
export {
  ANTHROPIC_TOKENS_PER_O200K_TOKEN,
  ANTHROPIC_ESTIMATED_TOKENS_PER_MESSAGE,
  ANTHROPIC_ESTIMATED_TOKENS_PER_REQUEST,
  estimateAnthropicTokens,
} from './anthropicEstimate';
export { ChunkedTokenCounter, EncodeTimeBudget, LruCache, type ChunkCounterStats, type ChunkedCount } from './chunkedCounter';
export { chunkBoundaries, MAX_CHUNK_CHARS, MAX_PIECE_CHARS, splitIntoChunks, type ChunkingInfo } from './chunking';
export { countWithTiktoken, getEncoder, loadedEncodings } from './tiktokenEncoders';
export { WorkerChunkEncoder, type ChunkEncoder, type WorkerChunkEncoderOptions } from './chunkEncoder';
export {
  buildCountReport,
  buildCountReportExact,
  type CountReport,
  type CountReportDeps,
  type CountReportInput,
  type ModelCountReport,
  type SectionTokens,
} from './report';

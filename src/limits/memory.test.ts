import { describe } from 'vitest';
import { limiterContract } from './contract.js';
import { MemoryLimiter } from './memory.js';

describe('MemoryLimiter', () => {
  limiterContract((options) => new MemoryLimiter(options));
});

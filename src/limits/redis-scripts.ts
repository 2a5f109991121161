/**
 * The Lua behind RedisLimiter. Amounts arrive as decimal strings; Redis stores them as 64-bit
 * integers (HINCRBY), and Lua only compares sums, which stay exact below 2⁵³ (see validate.ts).
 * Time is the caller's `nowMs`, never Redis TIME, so every replica and every test agrees.
 *
 * Key layout (all carry the `{scope}` hash tag, so one call touches one Cluster slot):
 *   <prefix>{scope}:w:<ruleId>      hash: bucket start ms → amount charged in that bucket
 *   <prefix>{scope}:s:<ruleId>      sorted set: lease id scored by its slot's expiry ms
 *   <prefix>{scope}:lease:<leaseId> present until the lease is settled or released
 */

const helpers = `
local function keepAtLeast(key, ttlMs)
  if redis.call('PTTL', key) < ttlMs then redis.call('PEXPIRE', key, ttlMs) end
end

-- Flat (start, amount) pairs of the buckets that count, and their sum; prune drops the others.
local function countedBuckets(key, countedFromMs, prune)
  local flat = redis.call('HGETALL', key)
  local counted, usage = {}, 0
  for j = 1, #flat, 2 do
    if tonumber(flat[j]) >= countedFromMs then
      counted[#counted + 1] = flat[j]
      counted[#counted + 1] = flat[j + 1]
      usage = usage + tonumber(flat[j + 1])
    elseif prune then
      redis.call('HDEL', key, flat[j])
    end
  end
  return counted, usage
end

-- {live leases} or {live leases, earliest expiry, latest expiry}; a slot is live until its expiry.
local function slotSummary(key, nowText, prune)
  if prune then redis.call('ZREMRANGEBYSCORE', key, '-inf', nowText) end
  local after = '(' .. nowText
  local active = redis.call('ZCOUNT', key, after, '+inf')
  if active == 0 then return {0} end
  local first = redis.call('ZRANGEBYSCORE', key, after, '+inf', 'WITHSCORES', 'LIMIT', 0, 1)
  local last = redis.call('ZREVRANGEBYSCORE', key, '+inf', after, 'WITHSCORES', 'LIMIT', 0, 1)
  return {active, first[2], last[2]}
end
`;

export const ACQUIRE_RULE_ARGS = 6;

/**
 * KEYS: lease marker, then one key per rule.
 * ARGV: leaseId, nowMs, slot expiry ms, marker ttl ms, then per rule:
 *   kind ('w' window | 's' slots), countedFromMs, bucketStartMs, limit, amount, key ttl ms.
 * Returns {1} when every rule was charged, or {0, rule index, that rule's state} and changes nothing.
 */
export const acquireLua = `${helpers}
local leaseId, nowText, expiresAtMs, markerTtlMs = ARGV[1], ARGV[2], ARGV[3], ARGV[4]
local function arg(rule, n) return ARGV[4 + (rule - 1) * ${ACQUIRE_RULE_ARGS} + n] end
local rules = #KEYS - 1

for i = 1, rules do
  local key, limit = KEYS[i + 1], tonumber(arg(i, 4))
  if arg(i, 1) == 's' then
    local slots = slotSummary(key, nowText, true)
    if slots[1] + 1 > limit then return {0, i, slots} end
  else
    local amount = tonumber(arg(i, 5))
    local counted, usage = countedBuckets(key, tonumber(arg(i, 2)), true)
    if amount > 0 and usage + amount > limit then return {0, i, counted} end
  end
end

for i = 1, rules do
  local key, ttlMs = KEYS[i + 1], tonumber(arg(i, 6))
  if arg(i, 1) == 's' then
    redis.call('ZADD', key, expiresAtMs, leaseId)
    keepAtLeast(key, ttlMs)
  elseif arg(i, 5) ~= '0' then
    redis.call('HINCRBY', key, arg(i, 3), arg(i, 5))
    keepAtLeast(key, ttlMs)
  end
end
redis.call('SET', KEYS[1], '1', 'PX', markerTtlMs)
return {1}
`;

export const SETTLE_ENTRY_ARGS = 5;

/**
 * KEYS: lease marker, then one key per lease entry.
 * ARGV: leaseId, nowMs, then per entry: kind, bucketStartMs, countsUntilMs, delta, key ttl ms.
 * Returns 1 when applied, 0 when the lease was already settled or released.
 */
export const settleLua = `${helpers}
local leaseId, now = ARGV[1], tonumber(ARGV[2])
local function arg(entry, n) return ARGV[2 + (entry - 1) * ${SETTLE_ENTRY_ARGS} + n] end
if redis.call('DEL', KEYS[1]) == 0 then return 0 end

for i = 1, #KEYS - 1 do
  local key, delta = KEYS[i + 1], arg(i, 4)
  if arg(i, 1) == 's' then
    redis.call('ZREM', key, leaseId)
  elseif delta ~= '0' and now < tonumber(arg(i, 3)) then
    -- A bucket can only reach 0 or below if its key was lost; never let it count negative.
    if redis.call('HINCRBY', key, arg(i, 2), delta) <= 0 then
      redis.call('HDEL', key, arg(i, 2))
    else
      keepAtLeast(key, tonumber(arg(i, 5)))
    end
  end
end
return 1
`;

export const PEEK_RULE_ARGS = 2;

/**
 * KEYS: one key per rule. ARGV: nowMs, then per rule: kind, countedFromMs.
 * Returns each rule's state (counted bucket pairs, or the slot summary). Writes nothing.
 */
export const peekLua = `${helpers}
local nowText = ARGV[1]
local function arg(rule, n) return ARGV[1 + (rule - 1) * ${PEEK_RULE_ARGS} + n] end
local states = {}
for i = 1, #KEYS do
  if arg(i, 1) == 's' then
    states[i] = slotSummary(KEYS[i], nowText, false)
  else
    states[i] = (countedBuckets(KEYS[i], tonumber(arg(i, 2)), false))
  end
end
return states
`;

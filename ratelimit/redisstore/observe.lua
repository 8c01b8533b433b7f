-- Observe: record what a response received at now said about the quota of KEYS[1]
-- (see reserve.lua for the state). It is ratelimit's MemoryStore, line for line.
-- ARGV: now, quota (0 none), remaining (-1 none), reset (0 none), retry-after (0 none),
-- sameWindow, ttl; instants and durations in ms.
local now, lq, lr, ls, la = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3]), tonumber(ARGV[4]), tonumber(ARGV[5])
local same, ttl = tonumber(ARGV[6]), tonumber(ARGV[7])
local v = redis.call('HMGET', KEYS[1], 'b', 'r', 's', 'q')
local b, r, s, q = tonumber(v[1]) or 0, tonumber(v[2]) or -1, tonumber(v[3]) or 0, tonumber(v[4]) or 0
if lq > 0 then
  q = lq
end
if la > b then
  b = la
end
if s ~= 0 and now >= s then
  s = 0
  r = q > 0 and q or -1
end
if lr >= 0 and ls > now then -- a count with a reset to wait for, of a window not over
  if s ~= 0 and ls > s + same then -- a newer window
    r, s = lr, ls
  elseif s ~= 0 and ls ~= 0 and ls < s - same then
    -- an older window, already over here: nothing to learn
  else -- the window kept, or the one a rollover started: counts only go down
    if r == -1 or lr < r then
      r = lr
    end
    if s == 0 then
      s = ls
    end
  end
end
redis.call('HSET', KEYS[1], 'b', b, 'r', r, 's', s, 'q', q)
redis.call('PEXPIRE', KEYS[1], ttl)
return 0

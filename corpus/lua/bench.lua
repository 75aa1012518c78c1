-- Deterministic Lua workload for the xlate end-to-end tests: strings, tables,
-- closures, float math, string.format and sorting. Prints results only.

local function checksum(s)
  local h = 5381
  for i = 1, #s do h = (h * 33 + s:byte(i)) % 4294967296 end
  return h
end

-- string building and pattern matching
local parts = {}
for i = 1, 2000 do parts[#parts + 1] = string.format("item%04d:%x", i, i * 7919 % 65536) end
local joined = table.concat(parts, ",")
print("joined length", #joined, "checksum", checksum(joined))
local count, hexsum = 0, 0
for name, hex in joined:gmatch("(item%d+):(%x+)") do
  count = count + 1
  hexsum = hexsum + tonumber(hex, 16)
end
print("gmatch", count, hexsum)
print("gsub", (joined:sub(1, 60):gsub("item", "I")))
print("upper/rep", ("abc"):upper():rep(3, "-"), ("Hello World"):lower():reverse())
print("find", joined:find("item0500"), joined:find("zzz"))

-- tables: arrays, hashes, sorting
local words = {}
local seed = 42
local function rand(n)
  seed = (seed * 1103515245 + 12345) % 2147483648
  return seed % n
end
for i = 1, 3000 do
  local len = 3 + rand(6)
  local t = {}
  for j = 1, len do t[j] = string.char(97 + rand(26)) end
  words[i] = table.concat(t)
end
table.sort(words)
print("sorted", words[1], words[2], words[1500], words[3000])
local freq = {}
for _, w in ipairs(words) do
  local c = w:sub(1, 1)
  freq[c] = (freq[c] or 0) + 1
end
local letters = {}
for c, n in pairs(freq) do letters[#letters + 1] = c end
table.sort(letters, function(a, b)
  if freq[a] ~= freq[b] then return freq[a] > freq[b] end
  return a < b
end)
local top = {}
for i = 1, 5 do top[i] = letters[i] .. "=" .. freq[letters[i]] end
print("top letters", table.concat(top, " "))

local records = {}
for i = 1, 500 do records[i] = {id = i, score = rand(1000), name = words[i * 5]} end
table.sort(records, function(a, b)
  if a.score ~= b.score then return a.score > b.score end
  return a.id < b.id
end)
for i = 1, 3 do print("record", records[i].id, records[i].score, records[i].name) end

-- closures and higher-order functions
local function counter(step)
  local n = 0
  return function() n = n + step; return n end
end
local c1, c2 = counter(1), counter(7)
for _ = 1, 99 do c1(); c2() end
print("closures", c1(), c2())
local function compose(f, g) return function(x) return f(g(x)) end end
local function map(t, f) local r = {} for i, v in ipairs(t) do r[i] = f(v) end return r end
local function fold(t, f, acc) for _, v in ipairs(t) do acc = f(acc, v) end return acc end
local nums = {}
for i = 1, 1000 do nums[i] = i end
local sq_plus1 = compose(function(x) return x + 1 end, function(x) return x * x end)
print("fold", fold(map(nums, sq_plus1), function(a, b) return a + b end, 0))

-- recursion, integers and floats
local function fib(n) if n < 2 then return n end return fib(n - 1) + fib(n - 2) end
print("fib(24)", fib(24))
print("int ops", 7 // 2, -7 // 2, 7 % -3, 2^10, 1 << 40, 0xff ~ 0x0f, math.maxinteger, math.mininteger)
local sum = 0.0
for i = 1, 100000 do sum = sum + 1.0 / (i * i) end
print(string.format("basel %.12f sqrt %.10f pi %.8f", sum, math.sqrt(sum * 6), math.pi))
print(string.format("fmt %5d|%-5s|%05.2f|%e|%g|%q", 42, "ab", 3.14159, 12345.678, 0.0001, "a\nb"))
print("floor/ceil", math.floor(-3.5), math.ceil(-3.5), math.abs(-7), math.max(3, 9, 2), math.min(3, 9, 2))
print("tostring", tostring(1e15), tostring(1e16), tostring(0.1), tostring(-0.0), 10 / 4, 3 | 0)
print("int/float", math.type(1), math.type(1.0), 2^53 == 2^53 + 1, math.tointeger(3.0))

-- coroutines
local gen = coroutine.wrap(function()
  for i = 1, 5 do coroutine.yield(i * i) end
end)
local squares = {}
for _ = 1, 5 do squares[#squares + 1] = gen() end
print("coroutine", table.concat(squares, ","))

-- metatables
local Vec = {}
Vec.__index = Vec
Vec.__add = function(a, b) return setmetatable({x = a.x + b.x, y = a.y + b.y}, Vec) end
Vec.__tostring = function(v) return string.format("(%g, %g)", v.x, v.y) end
local v = setmetatable({x = 0, y = 0}, Vec)
for i = 1, 100 do v = v + setmetatable({x = i, y = -i / 2}, Vec) end
print("vector", tostring(v))

-- error handling
local ok, err = pcall(function() error({code = 17}) end)
print("pcall", ok, type(err), err.code)
ok, err = pcall(function() local t = nil; return t.x end)
print("pcall2", ok, (err:gsub("^.-:%d+: ", "")))
print("done")

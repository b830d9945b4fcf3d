-- Details of random articles among the first ARTICLE_COUNT ids (default 10000): mostly cache misses at first.
local count = tonumber(os.getenv("ARTICLE_COUNT") or "10000")
math.randomseed(os.time())
request = function()
  return wrk.format(nil, "/api/v1/articles/" .. math.random(1, count))
end

-- Pages 1 to 50 of the public list in random order: each one a different cache key.
math.randomseed(os.time())
request = function()
  return wrk.format(nil, "/api/v1/articles?page=" .. math.random(1, 50))
end

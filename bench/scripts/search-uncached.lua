-- Searches that miss the output cache: two random keywords and a random page size, so nearly every request scans.
local terms = { "商业秘密", "竞业限制", "客户名单", "保密协议", "行政处罚", "数据安全", "员工离职", "工艺参数",
                "专项培训", "源代码", "技术信息", "证据保全", "保密措施", "风险评估", "供应链", "宣传册" }
math.randomseed(os.time())
local function encode(s)
  return (s:gsub("([^%w])", function(c) return string.format("%%%02X", string.byte(c)) end))
end
request = function()
  local q = terms[math.random(#terms)] .. " " .. terms[math.random(#terms)]
  return wrk.format(nil, "/api/v1/articles?pageSize=" .. math.random(1, 50) .. "&q=" .. encode(q))
end

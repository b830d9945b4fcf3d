-- Searches cycling through common keywords (searches are never cached).
local terms = { "商业秘密", "竞业限制", "客户名单", "保密协议", "行政处罚", "数据安全", "员工离职", "工艺参数",
                "专项培训", "源代码", "技术信息 保密措施", "证据保全" }
local i = 0
request = function()
  i = i + 1
  local term = terms[(i % #terms) + 1]
  local encoded = term:gsub("([^%w])", function(c) return string.format("%%%02X", string.byte(c)) end)
  return wrk.format(nil, "/api/v1/articles?q=" .. encoded)
end

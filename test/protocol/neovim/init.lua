-- Headless Neovim (0.7+) with its built-in LSP client attached to the Snikket language server.
-- Driven by test/protocol/neovim.test.ts through environment variables:
--   SNIKKET_SERVER  the server script (node SNIKKET_SERVER --stdio)
--   SNIKKET_WS      the workspace (a temp copy of examples/blog)
--   SNIKKET_OPEN    the file to open (relative to the workspace)
--   SNIKKET_EXPECT  "relative/file:code;..." pairs; Neovim quits once all of them arrived
--   SNIKKET_OUT     where every received publishDiagnostics is written, one line each
local server = assert(os.getenv('SNIKKET_SERVER'))
local ws = assert(os.getenv('SNIKKET_WS'))
local out = assert(io.open(assert(os.getenv('SNIKKET_OUT')), 'w'))
local expect = {}
for pair in string.gmatch(os.getenv('SNIKKET_EXPECT') or '', '[^;]+') do
  expect[pair] = false
end

local function log(line)
  out:write(line .. '\n')
  out:flush()
end

local function all_seen()
  for _, seen in pairs(expect) do
    if not seen then return false end
  end
  return true
end

local finished = false
local function finish(reason)
  if finished then return end
  finished = true
  log('end ' .. reason)
  vim.schedule(function() vim.cmd('qa!') end)
end

local client_id = vim.lsp.start_client({
  name = 'snikket-nixos',
  cmd = { 'node', server, '--stdio' },
  root_dir = ws,
  workspace_folders = { { uri = vim.uri_from_fname(ws), name = 'ws' } },
  settings = { snikket = { ignore = {}, severity = {}, searchPaths = {} } },
  handlers = {
    ['textDocument/publishDiagnostics'] = function(err, result, ctx, config)
      local file = vim.uri_to_fname(result.uri)
      local rel = string.sub(file, #ws + 2)
      local codes = {}
      for _, d in ipairs(result.diagnostics) do
        table.insert(codes, tostring(d.code))
        local key = rel .. ':' .. tostring(d.code)
        if expect[key] ~= nil then expect[key] = true end
      end
      log('diagnostics ' .. rel .. ' ' .. table.concat(codes, ','))
      vim.lsp.diagnostic.on_publish_diagnostics(err, result, ctx, config)
      if all_seen() then finish('all expected diagnostics received') end
    end,
  },
  on_exit = function(code) log('server exited ' .. tostring(code)) end,
})

vim.cmd('edit ' .. vim.fn.fnameescape(ws .. '/' .. (os.getenv('SNIKKET_OPEN') or 'snikket/snikket.conf')))
vim.lsp.buf_attach_client(0, client_id)
vim.defer_fn(function() finish('timeout') end, tonumber(os.getenv('SNIKKET_TIMEOUT_MS') or '15000'))

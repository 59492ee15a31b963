<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>AgentTurn</name>
    <message>
        <location filename="../../desktop/ui/chat/agent_turn.py" line="392"/>
        <source>Raise the step limit in the inspector, or ask again.</source>
        <translation>请在检查器中提高步数上限，或再问一次。</translation>
    </message>
</context>
<context>
    <name>App</name>
    <message>
        <location filename="../../desktop/app.py" line="340"/>
        <source>This window keeps no data, so it downloads nothing: open a .gguf file.</source>
        <translation>此窗口不保存任何数据，因此不会下载：请打开一个 .gguf 文件。</translation>
    </message>
    <message>
        <location filename="../../desktop/app.py" line="439"/>
        <location filename="../../desktop/app.py" line="516"/>
        <location filename="../../desktop/app.py" line="529"/>
        <source>Tessera</source>
        <translation>Tessera</translation>
    </message>
    <message>
        <location filename="../../desktop/app.py" line="440"/>
        <source>Tessera&apos;s chat database is damaged.</source>
        <translation>Tessera 的聊天数据库已损坏。</translation>
    </message>
    <message>
        <location filename="../../desktop/app.py" line="442"/>
        <source>%1 could not be read (%2). It was not changed.</source>
        <translation>无法读取 %1（%2）。文件未被改动。</translation>
    </message>
    <message>
        <location filename="../../desktop/app.py" line="449"/>
        <source>Restore the latest backup</source>
        <translation>恢复最近的备份</translation>
    </message>
    <message>
        <location filename="../../desktop/app.py" line="453"/>
        <source>Restoring brings back your chats as they were in %1.</source>
        <translation>恢复后，聊天记录将回到 %1 时的状态。</translation>
    </message>
    <message>
        <location filename="../../desktop/app.py" line="458"/>
        <source>Start with an empty database</source>
        <translation>使用空数据库开始</translation>
    </message>
    <message>
        <location filename="../../desktop/app.py" line="462"/>
        <source>Either way the damaged file is kept in the same folder, renamed, so nothing is lost.</source>
        <translation>无论选择哪种方式，损坏的文件都会改名保留在原文件夹中，不会丢失任何数据。</translation>
    </message>
    <message>
        <location filename="../../desktop/app.py" line="517"/>
        <source>Tessera cannot use its data folder: %1</source>
        <translation>Tessera 无法使用其数据文件夹：%1</translation>
    </message>
    <message>
        <location filename="../../desktop/app.py" line="526"/>
        <source>Tessera is already running</source>
        <translation>Tessera 已在运行</translation>
    </message>
    <message>
        <location filename="../../desktop/app.py" line="535"/>
        <source>The disk is full</source>
        <translation>磁盘已满</translation>
    </message>
    <message>
        <location filename="../../desktop/app.py" line="539"/>
        <source>Tessera&apos;s data folder is read-only</source>
        <translation>Tessera 的数据文件夹是只读的</translation>
    </message>
    <message>
        <location filename="../../desktop/app.py" line="543"/>
        <source>Tessera cannot open its chats</source>
        <translation>Tessera 无法打开聊天记录</translation>
    </message>
</context>
<context>
    <name>BackendListModel</name>
    <message>
        <location filename="../../desktop/ui/backends/list_model.py" line="13"/>
        <source>llama-server</source>
        <translation>llama-server</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/backends/list_model.py" line="14"/>
        <source>OpenAI-compatible</source>
        <translation>OpenAI 兼容</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/backends/list_model.py" line="15"/>
        <source>Ollama</source>
        <translation>Ollama</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/backends/list_model.py" line="33"/>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/backends/list_model.py" line="34"/>
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/backends/list_model.py" line="35"/>
        <source>Address</source>
        <translation>地址</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/backends/list_model.py" line="36"/>
        <source>Default model</source>
        <translation>默认模型</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/backends/list_model.py" line="37"/>
        <source>Server</source>
        <translation>服务器</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/backends/list_model.py" line="59"/>
        <source>not checked yet</source>
        <translation>尚未检查</translation>
    </message>
</context>
<context>
    <name>BackendModels</name>
    <message>
        <location filename="../../desktop/ui/chat/backend_models.py" line="115"/>
        <source>Listing models…</source>
        <translation>正在列出模型…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/backend_models.py" line="150"/>
        <source>This server lists no models.</source>
        <translation>此服务器未列出任何模型。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/backend_models.py" line="167"/>
        <source>The server did not answer when its models were listed.</source>
        <translation>列出模型时服务器没有响应。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/backend_models.py" line="195"/>
        <source>Connecting to %1…</source>
        <translation>正在连接 %1…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/backend_models.py" line="218"/>
        <source>context %1</source>
        <translation>上下文 %1</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/backend_models.py" line="255"/>
        <source>estimate with tiktoken o200k</source>
        <translation>用 tiktoken o200k 估算</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/backend_models.py" line="266"/>
        <source>Token counting unavailable: %1</source>
        <translation>无法统计 token 数：%1</translation>
    </message>
</context>
<context>
    <name>BackendsPage</name>
    <message>
        <location filename="../../desktop/ui/backends/page.py" line="87"/>
        <source>Add</source>
        <translation>添加</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/backends/page.py" line="88"/>
        <source>Remove</source>
        <translation>移除</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/backends/page.py" line="92"/>
        <source>No servers yet. Add llama-server, vLLM, SGLang, LM Studio, Ollama or any OpenAI-compatible server to use its models in the chat and in experiments.</source>
        <translation>还没有服务器。添加 llama-server、vLLM、SGLang、LM Studio、Ollama 或任何 OpenAI 兼容的服务器，即可在聊天和实验中使用其模型。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/backends/page.py" line="99"/>
        <source>Backend</source>
        <translation>后端</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/backends/page.py" line="103"/>
        <source>e.g. gpu-box</source>
        <translation>例如 gpu-box</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/backends/page.py" line="106"/>
        <source>llama-server</source>
        <translation>llama-server</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/backends/page.py" line="108"/>
        <source>OpenAI-compatible (vLLM, SGLang, LM Studio, OpenAI…)</source>
        <translation>OpenAI 兼容（vLLM、SGLang、LM Studio、OpenAI…）</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/backends/page.py" line="110"/>
        <source>Ollama</source>
        <translation>Ollama</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/backends/page.py" line="117"/>
        <source>Kept in the system keyring, and sent only to this address.</source>
        <translation>保存在系统密钥环中，只发送到此地址。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/backends/page.py" line="126"/>
        <source>the server&apos;s first model</source>
        <translation>服务器的第一个模型</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/backends/page.py" line="127"/>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/backends/page.py" line="128"/>
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/backends/page.py" line="129"/>
        <source>Base URL</source>
        <translation>基础 URL</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/backends/page.py" line="130"/>
        <source>API key</source>
        <translation>API 密钥</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/backends/page.py" line="132"/>
        <source>Default model</source>
        <translation>默认模型</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/backends/page.py" line="133"/>
        <source>Test connection</source>
        <translation>测试连接</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/backends/page.py" line="135"/>
        <source>Save</source>
        <translation>保存</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/backends/page.py" line="159"/>
        <source>Experiment cells sent to a server at once (llama-server -np N and vLLM batch them). Local cells always run one at a time.</source>
        <translation>同时发送到服务器的实验单元数（llama-server -np N 和 vLLM 会批量处理）。本地单元始终逐个运行。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/backends/page.py" line="164"/>
        <source>Experiment cells at once on a server</source>
        <translation>服务器上同时运行的实验单元数</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/backends/page.py" line="232"/>
        <source>Leave empty to keep the saved key</source>
        <translation>留空则保留已保存的密钥</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/backends/page.py" line="239"/>
        <source>Not checked yet: press Test connection.</source>
        <translation>尚未检查：请点击“测试连接”。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/backends/page.py" line="255"/>
        <source>optional</source>
        <translation>可选</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/backends/page.py" line="314"/>
        <source>Asking %1…</source>
        <translation>正在询问 %1…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/backends/page.py" line="387"/>
        <source>Remove backend</source>
        <translation>移除后端</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/backends/page.py" line="388"/>
        <source>Remove %1 and its saved API key?</source>
        <translation>移除 %1 及其已保存的 API 密钥？</translation>
    </message>
</context>
<context>
    <name>CasesTableModel</name>
    <message>
        <location filename="../../desktop/ui/experiments/item_models.py" line="149"/>
        <source>Case</source>
        <translation>用例</translation>
    </message>
</context>
<context>
    <name>ChatController</name>
    <message>
        <location filename="../../desktop/ui/chat/reply_saves.py" line="159"/>
        <source>Your text is kept; retry saving.</source>
        <translation>你的文本已保留，请重试保存。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/reply_saves.py" line="82"/>
        <source>Still failing; retry later.</source>
        <translation>仍然失败，请稍后重试。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/send_checks.py" line="27"/>
        <source>The local model is busy: %1.</source>
        <translation>本地模型正忙：%1。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/send_checks.py" line="30"/>
        <source>Wait for it to finish, or cancel it there.</source>
        <translation>请等待其完成，或在那里取消。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/send_checks.py" line="39"/>
        <source>The model is still loading.</source>
        <translation>模型仍在加载。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/send_checks.py" line="40"/>
        <source>Wait a moment.</source>
        <translation>请稍候。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/send_checks.py" line="44"/>
        <source>No model is loaded.</source>
        <translation>尚未加载模型。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/send_checks.py" line="45"/>
        <source>Open a .gguf file, or download one on the Models page.</source>
        <translation>请打开一个 .gguf 文件，或在“模型”页面下载一个。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/send_checks.py" line="57"/>
        <source>Connecting to %1…</source>
        <translation>正在连接 %1…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/send_checks.py" line="60"/>
        <source>Send again in a moment.</source>
        <translation>请稍后再发送。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/send_checks.py" line="72"/>
        <source>Fix the output format in the inspector.</source>
        <translation>请在检查器中修正输出格式。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/agent_turn.py" line="499"/>
        <location filename="../../desktop/ui/chat/turn_wait.py" line="41"/>
        <source>The API server is answering a request: the reply starts when it is done.</source>
        <translation>API 服务器正在回答一个请求：它完成后即开始回复。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/row_actions.py" line="139"/>
        <source>This server did not give the id of every token before this one: a branch from here is not possible on it.</source>
        <translation>此服务器没有给出此前每个 token 的 id：无法在该服务器上从这里分支。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/reply_stream.py" line="97"/>
        <source>Could not save the reply as it streams: %1</source>
        <translation>无法在生成过程中保存回复：%1</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/reply_stream.py" line="149"/>
        <source>The reply stopped because the context is full.</source>
        <translation>上下文已满，回复已停止。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/reply_stream.py" line="152"/>
        <source>Start a new chat, raise the context size, or change the overflow policy.</source>
        <translation>请新建聊天、增大上下文大小，或更改溢出策略。</translation>
    </message>
</context>
<context>
    <name>ChatKnowledgeLink</name>
    <message>
        <location filename="../../desktop/ui/chat/knowledge_link.py" line="259"/>
        <source>The knowledge bases could not be searched (%1); the message was sent without them.</source>
        <translation>无法搜索知识库（%1）；消息已按原样发送，未附加资料。</translation>
    </message>
</context>
<context>
    <name>ChatPage</name>
    <message>
        <location filename="../../desktop/ui/chat/page.py" line="166"/>
        <source>New chat</source>
        <translation>新建聊天</translation>
    </message>
</context>
<context>
    <name>ChatPanel</name>
    <message>
        <location filename="../../desktop/ui/chat/chat_panel.py" line="42"/>
        <location filename="../../desktop/ui/chat/chat_panel.py" line="138"/>
        <source>New chat</source>
        <translation>新建聊天</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/chat_panel.py" line="44"/>
        <source>Chat</source>
        <translation>聊天</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/chat_panel.py" line="45"/>
        <location filename="../../desktop/ui/chat/chat_panel.py" line="138"/>
        <source>Completion</source>
        <translation>补全</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/chat_panel.py" line="48"/>
        <source>Raw text continuation, for base models; saved like chats</source>
        <translation>原始文本续写，适用于基础模型；与对话一样保存</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/chat_panel.py" line="139"/>
        <source>Generate</source>
        <translation>生成</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/chat_panel.py" line="139"/>
        <source>Send</source>
        <translation>发送</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/chat_panel.py" line="158"/>
        <source>Retry saving</source>
        <translation>重试保存</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/chat_panel.py" line="161"/>
        <source>Reload model</source>
        <translation>重新加载模型</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/chat_panel.py" line="163"/>
        <source>Fewer GPU layers</source>
        <translation>减少 GPU 层数</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/chat_panel.py" line="166"/>
        <source>Reload on CPU</source>
        <translation>在 CPU 上重新加载</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/chat_panel.py" line="167"/>
        <source>Choose another file</source>
        <translation>选择其他文件</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/chat_panel.py" line="170"/>
        <source>Choose a model</source>
        <translation>选择模型</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/chat_panel.py" line="172"/>
        <source>The model&apos;s engine stopped unexpectedly: %1</source>
        <translation>模型引擎意外停止：%1</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/chat_panel.py" line="173"/>
        <source>Your messages are saved. Reload the model to go on.</source>
        <translation>你的消息已保存。请重新加载模型以继续。</translation>
    </message>
</context>
<context>
    <name>ChatToolsSession</name>
    <message>
        <location filename="../../desktop/ui/tools/chat_tools.py" line="271"/>
        <source>Next prompt: %1 tokens, of which the tool definitions take %2.</source>
        <translation>下一个提示词：%1 个 token，其中工具定义占 %2 个。</translation>
    </message>
</context>
<context>
    <name>Checks</name>
    <message>
        <location filename="../../desktop/ui/experiments/item_models.py" line="27"/>
        <source>contains</source>
        <translation>包含</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/experiments/item_models.py" line="28"/>
        <source>does not contain</source>
        <translation>不包含</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/experiments/item_models.py" line="29"/>
        <source>matches regex</source>
        <translation>匹配正则</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/experiments/item_models.py" line="30"/>
        <source>is valid JSON</source>
        <translation>是有效 JSON</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/experiments/item_models.py" line="31"/>
        <source>at most N tokens</source>
        <translation>最多 N 个 token</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/experiments/item_models.py" line="32"/>
        <source>equals</source>
        <translation>等于</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/experiments/item_models.py" line="33"/>
        <source>fits the output format</source>
        <translation>符合输出格式</translation>
    </message>
</context>
<context>
    <name>ChecksTableModel</name>
    <message>
        <location filename="../../desktop/ui/experiments/item_models.py" line="324"/>
        <source>Check</source>
        <translation>检查项</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/experiments/item_models.py" line="324"/>
        <source>Value</source>
        <translation>值</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/experiments/item_models.py" line="324"/>
        <source>Ignore case</source>
        <translation>忽略大小写</translation>
    </message>
</context>
<context>
    <name>ChunksPanel</name>
    <message>
        <location filename="../../desktop/ui/knowledge/chunks_panel.py" line="49"/>
        <location filename="../../desktop/ui/knowledge/chunks_panel.py" line="100"/>
        <source>Pick a document (Documents tab) or a search hit.</source>
        <translation>请选择一个文档（“文档”标签页）或一条搜索结果。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/knowledge/chunks_panel.py" line="59"/>
        <source>Each chunk is shaded in turn; the yellow part repeats the end of the chunk before it (the overlap).</source>
        <translation>各分块依次以不同底色显示；黄色部分重复了前一个分块的结尾（重叠部分）。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/knowledge/chunks_panel.py" line="87"/>
        <source>Loading %1…</source>
        <translation>正在加载 %1…</translation>
    </message>
    <message numerus="yes">
        <location filename="../../desktop/ui/knowledge/chunks_panel.py" line="112"/>
        <source>%1 — %n chunk(s), %2 tokens</source>
        <translation>
            <numerusform>%1 — %n 个分块，%2 个 token</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../desktop/ui/knowledge/chunks_panel.py" line="148"/>
        <source>— chunk %1 · %2 · %3 tokens —</source>
        <translation>— 分块 %1 · %2 · %3 个 token —</translation>
    </message>
</context>
<context>
    <name>Citations</name>
    <message>
        <location filename="../../desktop/ui/chat/citations.py" line="84"/>
        <source>Sources</source>
        <translation>来源</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/citations.py" line="87"/>
        <source>Nothing in the attached knowledge matched this message.</source>
        <translation>所附知识库中没有与此消息匹配的内容。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/citations.py" line="92"/>
        <source>%1 of context</source>
        <translation>占用上下文 %1</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/citations.py" line="94"/>
        <source>What the model received</source>
        <translation>模型实际收到的内容</translation>
    </message>
</context>
<context>
    <name>ComparePage</name>
    <message>
        <location filename="../../desktop/ui/compare/page.py" line="78"/>
        <source>Compare</source>
        <translation>对比</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/compare/page.py" line="84"/>
        <source>Add pane</source>
        <translation>添加窗格</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/compare/page.py" line="86"/>
        <source>Compare up to %1 targets</source>
        <translation>最多对比 %1 个目标</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/compare/page.py" line="89"/>
        <source>New comparison</source>
        <translation>新建对比</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/compare/page.py" line="91"/>
        <source>Start over: empty panes whose targets can be changed again</source>
        <translation>重新开始：清空窗格，并可再次更改各窗格的目标</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/compare/page.py" line="96"/>
        <source>Open saved…</source>
        <translation>打开已保存…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/compare/page.py" line="98"/>
        <source>Reopen a saved comparison: its panes, messages and replies as they were</source>
        <translation>重新打开已保存的对比：窗格、消息和回复都保持保存时的样子</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/compare/page.py" line="104"/>
        <source>The longest reply each pane may write, in tokens</source>
        <translation>每个窗格回复的最大长度（token 数）</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/compare/page.py" line="105"/>
        <source>Show probabilities</source>
        <translation>显示概率</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/compare/page.py" line="110"/>
        <source>Max tokens</source>
        <translation>最大 token 数</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/compare/page.py" line="215"/>
        <source>Choose a model for pane %1 first.</source>
        <translation>请先为窗格 %1 选择模型。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/compare/page.py" line="257"/>
        <source>Local models run at the same time when they fit in memory together, otherwise one after another; servers answer at the same time.</source>
        <translation>本地模型能同时放入内存时同时运行，否则依次运行；服务器上的模型同时回复。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/compare/page.py" line="281"/>
        <source>Writing…</source>
        <translation>正在生成…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/compare/page.py" line="322"/>
        <source>Panes %1 and %2 wrote the same reply, token for token.</source>
        <translation>窗格 %1 和 %2 的回复逐个 token 完全相同。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/compare/page.py" line="335"/>
        <source>(end)</source>
        <translation>（结束）</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/compare/page.py" line="338"/>
        <source>Panes %1 and %2 part ways at token %3: %4 and %5 (marked).</source>
        <translation>窗格 %1 和 %2 在第 %3 个 token 处开始不同：%4 与 %5（已标出）。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/compare/saved_menu.py" line="63"/>
        <source>No saved comparisons yet</source>
        <translation>还没有已保存的对比</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/compare/saved_menu.py" line="80"/>
        <source>Wait for the replies to finish, or stop them first.</source>
        <translation>请等待回复完成，或先停止它们。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/compare/saved_menu.py" line="103"/>
        <source>This reply was not saved.</source>
        <translation>这条回复没有保存。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/compare/saved_menu.py" line="117"/>
        <source>Reopened “%1”, saved %2. A new message goes to the same panes and is saved with it; New comparison starts over.</source>
        <translation>已重新打开“%1”（保存于 %2）。新消息会发送到相同的窗格并一起保存；“新建对比”则从头开始。</translation>
    </message>
</context>
<context>
    <name>ComparePane</name>
    <message>
        <location filename="../../desktop/ui/compare/pane_widget.py" line="55"/>
        <source>Continue as chat</source>
        <translation>作为聊天继续</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/compare/pane_widget.py" line="57"/>
        <source>Open this pane&apos;s conversation in the Chat page, to go on with it alone</source>
        <translation>在聊天页面打开此窗格的对话，单独继续</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/compare/pane_widget.py" line="100"/>
        <source>Waiting…</source>
        <translation>等待中…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/compare/pane_widget.py" line="108"/>
        <source>Loading %1…</source>
        <translation>正在加载 %1…</translation>
    </message>
    <message numerus="yes">
        <location filename="../../desktop/ui/compare/pane_widget.py" line="116"/>
        <source>%n token(s)</source>
        <translation>
            <numerusform>%n 个 token</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../desktop/ui/compare/pane_widget.py" line="118"/>
        <source>TTFT %1 ms</source>
        <translation>首 token %1 ms</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/compare/pane_widget.py" line="120"/>
        <source>%1 tok/s</source>
        <translation>%1 tok/s</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/compare/pane_widget.py" line="134"/>
        <location filename="../../desktop/ui/compare/pane_widget.py" line="166"/>
        <source>No reply</source>
        <translation>没有回复</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/compare/pane_widget.py" line="207"/>
        <source>Copy</source>
        <translation>复制</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/compare/pane_widget.py" line="210"/>
        <source>✓ Better</source>
        <translation>✓ 更好</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/compare/pane_widget.py" line="210"/>
        <source>Better</source>
        <translation>更好</translation>
    </message>
</context>
<context>
    <name>Composer</name>
    <message>
        <location filename="../../desktop/ui/chat/composer.py" line="78"/>
        <source>Send</source>
        <translation>发送</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/composer.py" line="81"/>
        <source>Stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/composer.py" line="83"/>
        <source>Stop generating (Esc)</source>
        <translation>停止生成 (Esc)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/composer.py" line="89"/>
        <source>Cancel edit</source>
        <translation>取消编辑</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/composer.py" line="95"/>
        <location filename="../../desktop/ui/chat/composer.py" line="152"/>
        <source>Tokens in this message, counted with the loaded model&apos;s own tokenizer</source>
        <translation>此消息的 token 数，用已加载模型自己的分词器计算</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/composer.py" line="136"/>
        <source>Message… (Enter to send, Shift+Enter for a new line)</source>
        <translation>输入消息…（Enter 发送，Shift+Enter 换行）</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/composer.py" line="138"/>
        <source>Message… (Ctrl+Enter to send)</source>
        <translation>输入消息…（Ctrl+Enter 发送）</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/composer.py" line="173"/>
        <source>Too long to count here: see the Tokenizer page</source>
        <translation>文本过长，无法在此计数：请使用分词器页面</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/composer.py" line="180"/>
        <source>Token count unavailable: %1</source>
        <translation>无法计算 token 数：%1</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/composer.py" line="187"/>
        <source>Token count unavailable: the vocabulary did not load</source>
        <translation>无法计算 token 数：词表未能加载</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/composer.py" line="190"/>
        <source>Loading the vocabulary to count tokens…</source>
        <translation>正在加载词表以计算 token 数…</translation>
    </message>
    <message numerus="yes">
        <location filename="../../desktop/ui/chat/composer.py" line="194"/>
        <source>%n token(s)</source>
        <translation>
            <numerusform>%n 个 token</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/composer.py" line="197"/>
        <source>%1 · %2% of the %3-token context</source>
        <translation>%1 · 占 %3 token 上下文的 %2%</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/composer.py" line="203"/>
        <source>%1 — longer than the context</source>
        <translation>%1 — 超出上下文长度</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/composer.py" line="229"/>
        <source>Editing a message: sending creates a new branch.</source>
        <translation>正在编辑消息：发送后将创建新分支。</translation>
    </message>
</context>
<context>
    <name>ConfigsTableModel</name>
    <message>
        <location filename="../../desktop/ui/experiments/item_models.py" line="212"/>
        <source>Label</source>
        <translation>标签</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/experiments/item_models.py" line="213"/>
        <source>Model file</source>
        <translation>模型文件</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/experiments/item_models.py" line="214"/>
        <source>Temperature</source>
        <translation>温度</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/experiments/item_models.py" line="215"/>
        <source>Top P</source>
        <translation>Top P</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/experiments/item_models.py" line="216"/>
        <source>Top K</source>
        <translation>Top K</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/experiments/item_models.py" line="217"/>
        <source>Max tokens</source>
        <translation>最大 token 数</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/experiments/item_models.py" line="218"/>
        <source>Seed</source>
        <translation>种子</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/experiments/item_models.py" line="219"/>
        <source>Server</source>
        <translation>服务器</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/experiments/item_models.py" line="231"/>
        <source>this computer</source>
        <translation>本机</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/experiments/item_models.py" line="244"/>
        <source>a whole number</source>
        <translation>整数</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/experiments/item_models.py" line="246"/>
        <source>a number</source>
        <translation>数字</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/experiments/item_models.py" line="250"/>
        <source>%1 must be %2 (or empty for the template&apos;s default); got %3.</source>
        <translation>%1 必须是%2（留空则使用模板默认值），当前为 %3。</translation>
    </message>
</context>
<context>
    <name>ConversationListModel</name>
    <message>
        <location filename="../../desktop/ui/chat/conversation_list.py" line="115"/>
        <location filename="../../desktop/ui/chat/conversation_list.py" line="153"/>
        <source>Untitled</source>
        <translation>未命名</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/conversation_list.py" line="118"/>
        <source>API</source>
        <translation>API</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/conversation_list.py" line="127"/>
        <source>Pinned</source>
        <translation>已置顶</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/conversation_list.py" line="128"/>
        <source>Today</source>
        <translation>今天</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/conversation_list.py" line="129"/>
        <source>Yesterday</source>
        <translation>昨天</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/conversation_list.py" line="130"/>
        <source>Older</source>
        <translation>更早</translation>
    </message>
    <message numerus="yes">
        <location filename="../../desktop/ui/chat/conversation_list.py" line="144"/>
        <source>%n result(s)</source>
        <translation>
            <numerusform>%n 个结果</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/conversation_list.py" line="146"/>
        <source>No matches</source>
        <translation>无匹配结果</translation>
    </message>
</context>
<context>
    <name>ConversationListPanel</name>
    <message>
        <location filename="../../desktop/ui/chat/conversation_list.py" line="275"/>
        <source>Search chats (Ctrl+K)</source>
        <translation>搜索聊天 (Ctrl+K)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/conversation_list.py" line="277"/>
        <source>New chat</source>
        <translation>新建聊天</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/conversation_list.py" line="279"/>
        <source>Start a new chat (Ctrl+N)</source>
        <translation>新建聊天 (Ctrl+N)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/conversation_list.py" line="318"/>
        <location filename="../../desktop/ui/chat/conversation_list.py" line="440"/>
        <source>Delete chat</source>
        <translation>删除聊天</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/conversation_list.py" line="334"/>
        <source>Your chats could not be listed: %1</source>
        <translation>无法列出你的聊天：%1</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/conversation_list.py" line="373"/>
        <source>The search failed: %1</source>
        <translation>搜索失败：%1</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/conversation_list.py" line="398"/>
        <source>Rename…</source>
        <translation>重命名…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/conversation_list.py" line="400"/>
        <source>Unpin</source>
        <translation>取消置顶</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/conversation_list.py" line="400"/>
        <source>Pin</source>
        <translation>置顶</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/conversation_list.py" line="402"/>
        <source>Delete…</source>
        <translation>删除…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/conversation_list.py" line="418"/>
        <source>Rename chat</source>
        <translation>重命名聊天</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/conversation_list.py" line="418"/>
        <source>Title:</source>
        <translation>标题：</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/conversation_list.py" line="441"/>
        <source>Delete this chat and all its messages? This cannot be undone.</source>
        <translation>删除此聊天及其所有消息？此操作无法撤销。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/conversation_list.py" line="458"/>
        <source>Tessera</source>
        <translation>Tessera</translation>
    </message>
</context>
<context>
    <name>CoreMessages</name>
    <message>
        <location filename="../../desktop/core/engine/options.py" line="45"/>
        <source>must be a whole number</source>
        <translation>必须是整数</translation>
    </message>
    <message>
        <location filename="../../desktop/core/engine/options.py" line="48"/>
        <source>must be a number</source>
        <translation>必须是数字</translation>
    </message>
    <message>
        <location filename="../../desktop/core/engine/options.py" line="51"/>
        <source>must be true or false</source>
        <translation>必须是 true 或 false</translation>
    </message>
    <message>
        <location filename="../../desktop/core/engine/options.py" line="53"/>
        <source>must be text</source>
        <translation>必须是文本</translation>
    </message>
    <message>
        <location filename="../../desktop/core/engine/options.py" line="55"/>
        <source>must be text or a list of texts</source>
        <translation>必须是文本或文本列表</translation>
    </message>
    <message>
        <location filename="../../desktop/core/engine/options.py" line="59"/>
        <source>must be a list of [token id, bias] pairs</source>
        <translation>必须是 [token ID, 偏置] 对的列表</translation>
    </message>
    <message>
        <location filename="../../desktop/core/engine/options.py" line="62"/>
        <source>must be one of {choices}</source>
        <translation>必须是 {choices} 之一</translation>
    </message>
    <message>
        <location filename="../../desktop/core/engine/options.py" line="66"/>
        <source>The setting {name} {reason}, not {value}.</source>
        <translation>设置项 {name} {reason}，而不是 {value}。</translation>
    </message>
    <message>
        <location filename="../../desktop/core/tools/agent.py" line="34"/>
        <source>The user did not allow this call of {name}.</source>
        <translation>用户未允许这次调用 {name}。</translation>
    </message>
    <message>
        <location filename="../../desktop/core/tools/agent.py" line="38"/>
        <source>The agent stopped after {steps} steps without a final answer.</source>
        <translation>智能体在 {steps} 步后停止，没有得到最终回答。</translation>
    </message>
    <message>
        <location filename="../../desktop/core/tools/calculator.py" line="24"/>
        <source>The calculator only does arithmetic; it refused {what}.</source>
        <translation>计算器只做算术运算；已拒绝 {what}。</translation>
    </message>
    <message>
        <location filename="../../desktop/core/tools/calculator.py" line="28"/>
        <source>The expression is not valid arithmetic: {error}</source>
        <translation>该表达式不是有效的算术式：{error}</translation>
    </message>
    <message>
        <location filename="../../desktop/core/tools/calculator.py" line="32"/>
        <source>The expression is too long or its result too large.</source>
        <translation>表达式过长或结果过大。</translation>
    </message>
    <message>
        <location filename="../../desktop/core/tools/file_access.py" line="21"/>
        <source>Absolute paths are refused: name a file inside {folders}.</source>
        <translation>不接受绝对路径：请指定 {folders} 中的文件。</translation>
    </message>
    <message>
        <location filename="../../desktop/core/tools/file_access.py" line="25"/>
        <source>The path {path} leaves the allowed folder (.. is refused).</source>
        <translation>路径 {path} 超出了允许的文件夹（不接受 ..）。</translation>
    </message>
    <message>
        <location filename="../../desktop/core/tools/file_access.py" line="29"/>
        <source>The path {path} goes through a symbolic link, which is refused.</source>
        <translation>路径 {path} 经过符号链接，已被拒绝。</translation>
    </message>
    <message>
        <location filename="../../desktop/core/tools/file_access.py" line="35"/>
        <source>There is no file {path} in the allowed folders.</source>
        <translation>允许的文件夹中没有文件 {path}。</translation>
    </message>
    <message>
        <location filename="../../desktop/core/tools/file_access.py" line="39"/>
        <source>The file {path} is not UTF-8 text.</source>
        <translation>文件 {path} 不是 UTF-8 文本。</translation>
    </message>
    <message>
        <location filename="../../desktop/core/tools/file_access.py" line="43"/>
        <source>No folder is allowed for reading files; add one in Settings.</source>
        <translation>尚未允许读取任何文件夹；请在设置中添加。</translation>
    </message>
    <message>
        <location filename="../../desktop/core/tools/gbnf.py" line="19"/>
        <source>Grammar error at line {line}, column {column}: {problem}.</source>
        <translation>语法错误，第 {line} 行第 {column} 列：{problem}。</translation>
    </message>
    <message>
        <location filename="../../desktop/core/tools/gbnf.py" line="23"/>
        <source>The grammar uses the rule {name}, which it never defines.</source>
        <translation>语法使用了规则 {name}，但从未定义它。</translation>
    </message>
    <message>
        <location filename="../../desktop/core/tools/gbnf.py" line="27"/>
        <source>The grammar has no rule named {root}: generation starts there.</source>
        <translation>语法中没有名为 {root} 的规则：生成从这里开始。</translation>
    </message>
    <message>
        <location filename="../../desktop/core/tools/gbnf.py" line="33"/>
        <source>The rule {name} can start with itself (left recursion), which llama.cpp cannot run.</source>
        <translation>规则 {name} 可以以自身开头（左递归），llama.cpp 无法运行。</translation>
    </message>
    <message>
        <location filename="../../desktop/core/tools/gbnf.py" line="39"/>
        <source>The grammar is empty.</source>
        <translation>语法为空。</translation>
    </message>
    <message>
        <location filename="../../desktop/core/tools/mcp_client.py" line="33"/>
        <source>Could not start or reach the MCP server {name}: {error}</source>
        <translation>无法启动或连接 MCP 服务器 {name}：{error}</translation>
    </message>
    <message>
        <location filename="../../desktop/core/tools/mcp_client.py" line="37"/>
        <source>The MCP tool {name} failed: {error}</source>
        <translation>MCP 工具 {name} 失败：{error}</translation>
    </message>
    <message>
        <location filename="../../desktop/core/tools/mcp_config.py" line="24"/>
        <source>The MCP settings are not valid JSON: {error}</source>
        <translation>MCP 设置不是有效的 JSON：{error}</translation>
    </message>
    <message>
        <location filename="../../desktop/core/tools/mcp_config.py" line="28"/>
        <source>The MCP settings need an &quot;mcpServers&quot; object.</source>
        <translation>MCP 设置需要一个 &quot;mcpServers&quot; 对象。</translation>
    </message>
    <message>
        <location filename="../../desktop/core/tools/mcp_config.py" line="32"/>
        <source>The MCP server {name} needs {problem}.</source>
        <translation>MCP 服务器 {name} 需要 {problem}。</translation>
    </message>
    <message>
        <location filename="../../desktop/core/tools/mcp_config.py" line="36"/>
        <source>The MCP server {name} uses the {kind} transport; Tessera speaks stdio and streamable HTTP.</source>
        <translation>MCP 服务器 {name} 使用 {kind} 传输；Tessera 支持 stdio 和可流式 HTTP。</translation>
    </message>
    <message>
        <location filename="../../desktop/core/tools/mcp_config.py" line="44"/>
        <source>Cannot read the MCP settings {path}: {error}</source>
        <translation>无法读取 MCP 设置 {path}：{error}</translation>
    </message>
    <message>
        <location filename="../../desktop/core/tools/output_format.py" line="30"/>
        <source>Unknown output format {name}: use text, json, json_schema or grammar.</source>
        <translation>未知的输出格式 {name}：请使用 text、json、json_schema 或 grammar。</translation>
    </message>
    <message>
        <location filename="../../desktop/core/tools/output_format.py" line="36"/>
        <source>The output format {kind} needs {key}.</source>
        <translation>输出格式 {kind} 需要 {key}。</translation>
    </message>
    <message>
        <location filename="../../desktop/core/tools/output_format.py" line="40"/>
        <source>Give either a JSON Schema or a grammar, not both.</source>
        <translation>请给出 JSON Schema 或语法之一，不要同时给出。</translation>
    </message>
    <message>
        <location filename="../../desktop/core/tools/output_format.py" line="43"/>
        <source>A grammar must be text.</source>
        <translation>语法必须是文本。</translation>
    </message>
    <message>
        <location filename="../../desktop/core/tools/output_format.py" line="47"/>
        <source>response_format must be {{&quot;type&quot;: &quot;text&quot;}}, {{&quot;type&quot;: &quot;json_object&quot;}} or {{&quot;type&quot;: &quot;json_schema&quot;, &quot;json_schema&quot;: {{&quot;name&quot;: ..., &quot;schema&quot;: {{...}}}}}}.</source>
        <translation>response_format 必须是 {{&quot;type&quot;: &quot;text&quot;}}、{{&quot;type&quot;: &quot;json_object&quot;}} 或 {{&quot;type&quot;: &quot;json_schema&quot;, &quot;json_schema&quot;: {{&quot;name&quot;: ..., &quot;schema&quot;: {{...}}}}}}。</translation>
    </message>
    <message>
        <location filename="../../desktop/core/tools/registry.py" line="29"/>
        <source>The model called {name}, which is not an available tool.</source>
        <translation>模型调用了 {name}，但它不是可用的工具。</translation>
    </message>
    <message>
        <location filename="../../desktop/core/tools/registry.py" line="33"/>
        <source>The arguments for {name} are not a JSON object: {error}</source>
        <translation>{name} 的参数不是 JSON 对象：{error}</translation>
    </message>
    <message>
        <location filename="../../desktop/core/tools/registry.py" line="37"/>
        <source>The arguments for {name} do not fit its parameters: {problems}</source>
        <translation>{name} 的参数与其参数定义不符：{problems}</translation>
    </message>
    <message>
        <location filename="../../desktop/core/tools/registry.py" line="43"/>
        <source>The tool {name} did not answer within {seconds} seconds.</source>
        <translation>工具 {name} 在 {seconds} 秒内没有响应。</translation>
    </message>
    <message>
        <location filename="../../desktop/core/tools/registry.py" line="47"/>
        <source>The tool {name} failed: {error}</source>
        <translation>工具 {name} 失败：{error}</translation>
    </message>
    <message>
        <location filename="../../desktop/core/tools/schema_grammar.py" line="29"/>
        <source>A JSON Schema must be a JSON object, not {kind}.</source>
        <translation>JSON Schema 必须是 JSON 对象，而不是 {kind}。</translation>
    </message>
    <message>
        <location filename="../../desktop/core/tools/schema_grammar.py" line="33"/>
        <source>The JSON Schema is not valid JSON: {error}</source>
        <translation>JSON Schema 不是有效的 JSON：{error}</translation>
    </message>
    <message>
        <location filename="../../desktop/core/tools/schema_grammar.py" line="37"/>
        <source>The JSON Schema is not valid: {error} (at {where}).</source>
        <translation>JSON Schema 无效：{error}（位于 {where}）。</translation>
    </message>
    <message>
        <location filename="../../desktop/core/tools/schema_grammar.py" line="41"/>
        <source>This JSON Schema cannot be turned into a grammar: {error}</source>
        <translation>无法将此 JSON Schema 转换为语法：{error}</translation>
    </message>
    <message>
        <location filename="../../desktop/core/tools/schema_grammar.py" line="45"/>
        <source>No integer fits the bounds at {where}.</source>
        <translation>没有整数满足 {where} 处的范围。</translation>
    </message>
    <message>
        <location filename="../../desktop/core/tools/schema_grammar.py" line="49"/>
        <source>Supported: type, properties, required, additionalProperties, items, prefixItems, minItems, maxItems, enum, const, anyOf, oneOf, allOf of objects, $ref to #/$defs, minLength, maxLength, pattern (^...$), format date/time/date-time/uuid, integer minimum/maximum.</source>
        <translation>支持：type、properties、required、additionalProperties、items、prefixItems、minItems、maxItems、enum、const、anyOf、oneOf、对象的 allOf、指向 #/$defs 的 $ref、minLength、maxLength、pattern（^...$）、format date/time/date-time/uuid、整数 minimum/maximum。</translation>
    </message>
    <message>
        <location filename="../../desktop/core/tools/schema_grammar.py" line="59"/>
        <source>The grammar does not enforce {keyword} at {where}; the reply is checked against it afterwards.</source>
        <translation>语法不强制 {where} 处的 {keyword}；回复会在生成后按它检查。</translation>
    </message>
    <message>
        <location filename="../../desktop/core/tools/tool_defs.py" line="27"/>
        <source>Tool {index} is not a function definition ({{&quot;type&quot;: &quot;function&quot;, &quot;function&quot;: {{&quot;name&quot;: ..., &quot;parameters&quot;: {{...}}}}}}): {problem}</source>
        <translation>工具 {index} 不是函数定义（{{&quot;type&quot;: &quot;function&quot;, &quot;function&quot;: {{&quot;name&quot;: ..., &quot;parameters&quot;: {{...}}}}}}）：{problem}</translation>
    </message>
    <message>
        <location filename="../../desktop/core/tools/tool_defs.py" line="35"/>
        <source>The tool name {name} must be 1-64 letters, digits, _ . or -.</source>
        <translation>工具名 {name} 必须由 1-64 个字母、数字、_ . 或 - 组成。</translation>
    </message>
    <message>
        <location filename="../../desktop/core/tools/tool_defs.py" line="41"/>
        <source>Two tools are named {name}.</source>
        <translation>有两个工具都叫 {name}。</translation>
    </message>
    <message>
        <location filename="../../desktop/core/tools/tool_defs.py" line="45"/>
        <source>The tools must be a JSON list of tool definitions.</source>
        <translation>工具必须是由工具定义组成的 JSON 列表。</translation>
    </message>
    <message>
        <location filename="../../desktop/core/tools/tool_defs.py" line="49"/>
        <source>tool_choice must be &quot;auto&quot;, &quot;none&quot;, &quot;required&quot; or {{&quot;type&quot;: &quot;function&quot;, &quot;function&quot;: {{&quot;name&quot;: ...}}}}.</source>
        <translation>tool_choice 必须是 &quot;auto&quot;、&quot;none&quot;、&quot;required&quot; 或 {{&quot;type&quot;: &quot;function&quot;, &quot;function&quot;: {{&quot;name&quot;: ...}}}}。</translation>
    </message>
    <message>
        <location filename="../../desktop/core/tools/tool_defs.py" line="57"/>
        <source>tool_choice names {name}, which is not among the tools.</source>
        <translation>tool_choice 指定了 {name}，但它不在工具列表中。</translation>
    </message>
    <message>
        <location filename="../../desktop/core/tools/tool_defs.py" line="61"/>
        <source>tool_choice {mode} needs at least one tool.</source>
        <translation>tool_choice {mode} 需要至少一个工具。</translation>
    </message>
    <message>
        <location filename="../../desktop/core/tools/validation.py" line="20"/>
        <source>The reply is not valid JSON: {error}</source>
        <translation>回复不是有效的 JSON：{error}</translation>
    </message>
    <message>
        <location filename="../../desktop/core/tools/validation.py" line="24"/>
        <source>The reply is JSON but not an object.</source>
        <translation>回复是 JSON，但不是对象。</translation>
    </message>
    <message>
        <location filename="../../desktop/core/tools/validation.py" line="28"/>
        <source>At {where}: {error}</source>
        <translation>位于 {where}：{error}</translation>
    </message>
    <message>
        <location filename="../../desktop/core/tools/validation.py" line="32"/>
        <source>The reply ended early ({reason}), so it may not be complete.</source>
        <translation>回复提前结束（{reason}），可能不完整。</translation>
    </message>
    <message>
        <location filename="../../desktop/core/knowledge/decode.py" line="19"/>
        <source>binary data, not text (the extension says text)</source>
        <translation>二进制数据，不是文本（扩展名却是文本类型）</translation>
    </message>
    <message>
        <location filename="../../desktop/core/knowledge/decode.py" line="23"/>
        <source>the text encoding could not be recognised</source>
        <translation>无法识别文本编码</translation>
    </message>
    <message>
        <location filename="../../desktop/core/knowledge/embedder.py" line="27"/>
        <source>&apos;{spec}&apos; is not an embedder: give a .gguf file or backend:NAME</source>
        <translation>“{spec}”不是嵌入模型：请给出 .gguf 文件或 backend:名称</translation>
    </message>
    <message>
        <location filename="../../desktop/core/knowledge/embedder.py" line="33"/>
        <source>The embedding model {path} does not exist.</source>
        <translation>嵌入模型 {path} 不存在。</translation>
    </message>
    <message>
        <location filename="../../desktop/core/knowledge/embedder.py" line="37"/>
        <source>{name} is a reranker, not an embedding model.</source>
        <translation>{name} 是重排序模型，不是嵌入模型。</translation>
    </message>
    <message>
        <location filename="../../desktop/core/knowledge/extract.py" line="25"/>
        <source>the PDF could not be read ({detail})</source>
        <translation>无法读取该 PDF（{detail}）</translation>
    </message>
    <message>
        <location filename="../../desktop/core/knowledge/extract.py" line="29"/>
        <source>the PDF is encrypted with a password</source>
        <translation>该 PDF 已用密码加密</translation>
    </message>
    <message>
        <location filename="../../desktop/core/knowledge/extract.py" line="33"/>
        <source>no text found (a scanned PDF needs OCR first)</source>
        <translation>未找到文本（扫描版 PDF 需要先做 OCR）</translation>
    </message>
    <message>
        <location filename="../../desktop/core/knowledge/extract.py" line="37"/>
        <source>the Word document could not be read ({detail})</source>
        <translation>无法读取该 Word 文档（{detail}）</translation>
    </message>
    <message>
        <location filename="../../desktop/core/knowledge/extract.py" line="41"/>
        <source>not UTF-8: read as {encoding}</source>
        <translation>不是 UTF-8：已按 {encoding} 读取</translation>
    </message>
    <message>
        <location filename="../../desktop/core/knowledge/extract.py" line="43"/>
        <source>the file is empty</source>
        <translation>文件为空</translation>
    </message>
    <message>
        <location filename="../../desktop/core/knowledge/http_embedder.py" line="26"/>
        <source>The embedding server at {url} failed: {detail}</source>
        <translation>位于 {url} 的嵌入服务出错：{detail}</translation>
    </message>
    <message>
        <location filename="../../desktop/core/knowledge/indexer.py" line="38"/>
        <source>larger than the {limit_mb} MB limit ({size_mb} MB)</source>
        <translation>超过 {limit_mb} MB 的上限（{size_mb} MB）</translation>
    </message>
    <message>
        <location filename="../../desktop/core/knowledge/indexer.py" line="42"/>
        <source>changed while it was read; it is read again on the next run</source>
        <translation>读取时文件发生了变化；下次运行时会重新读取</translation>
    </message>
    <message>
        <location filename="../../desktop/core/knowledge/indexer.py" line="48"/>
        <source>Embedding stopped ({detail}); the text is searchable by words meanwhile.</source>
        <translation>嵌入已停止（{detail}）；在此期间仍可按词语搜索文本。</translation>
    </message>
    <message>
        <location filename="../../desktop/core/knowledge/injection.py" line="34"/>
        <source>The knowledge template must contain {placeholder}.</source>
        <translation>知识库模板必须包含 {placeholder}。</translation>
    </message>
    <message>
        <location filename="../../desktop/core/knowledge/library.py" line="54"/>
        <source>{path} does not exist.</source>
        <translation>{path} 不存在。</translation>
    </message>
    <message>
        <location filename="../../desktop/core/backends/registry.py" line="29"/>
        <location filename="../../desktop/core/knowledge/library.py" line="58"/>
        <location filename="../../desktop/core/store/errors.py" line="282"/>
        <source>There is no backend named {name}.</source>
        <translation>没有名为 {name} 的后端。</translation>
    </message>
    <message>
        <location filename="../../desktop/core/backends/registry.py" line="33"/>
        <source>Saved backends: {names}. Add one with: tessera backends add.</source>
        <translation>已保存的后端：{names}。用 tessera backends add 添加。</translation>
    </message>
    <message>
        <location filename="../../desktop/core/backends/registry.py" line="39"/>
        <source>The local engine is not available here.</source>
        <translation>此处无法使用本地引擎。</translation>
    </message>
    <message>
        <location filename="../../desktop/core/backends/registry.py" line="43"/>
        <source>No system keyring is available, so the API key is not stored: Tessera reads it from ${variable} each time instead. Install or unlock a keyring to keep it.</source>
        <translation>系统没有可用的密钥环，因此未保存 API 密钥：Tessera 每次改为从 ${variable} 读取。安装或解锁密钥环即可保存。</translation>
    </message>
    <message>
        <location filename="../../desktop/core/backends/registry.py" line="51"/>
        <source>No system keyring is available and no environment variable was named, so the API key cannot be kept: add the backend again with --api-key-env VAR.</source>
        <translation>系统没有可用的密钥环，也未指定环境变量，因此无法保存 API 密钥：请用 --api-key-env VAR 重新添加该后端。</translation>
    </message>
    <message>
        <location filename="../../desktop/core/knowledge/library.py" line="62"/>
        <source>{base} is being indexed; wait for it or cancel it first.</source>
        <translation>{base} 正在建立索引；请等待完成或先取消。</translation>
    </message>
    <message>
        <location filename="../../desktop/core/knowledge/retrieval.py" line="30"/>
        <source>{base}: searched by words only ({why})</source>
        <translation>{base}：仅按词语搜索（{why}）</translation>
    </message>
    <message>
        <location filename="../../desktop/core/knowledge/retrieval.py" line="32"/>
        <source>no embedder</source>
        <translation>没有嵌入模型</translation>
    </message>
    <message>
        <location filename="../../desktop/core/knowledge/retrieval.py" line="35"/>
        <source>Ranked by meaning only: every word of the query is in more than a quarter of the chunks, so the words single none out</source>
        <translation>仅按语义排序：查询中的每个词都出现在超过四分之一的片段中，靠词语无法区分出任何片段</translation>
    </message>
    <message>
        <location filename="../../desktop/core/knowledge/retrieval.py" line="42"/>
        <source>nothing is embedded yet</source>
        <translation>尚未生成任何向量</translation>
    </message>
    <message>
        <location filename="../../desktop/core/knowledge/scan.py" line="22"/>
        <source>a symbolic link loop (this folder is already being read)</source>
        <translation>符号链接循环（此文件夹已在读取中）</translation>
    </message>
    <message>
        <location filename="../../desktop/core/knowledge/scan.py" line="25"/>
        <source>a symbolic link to nothing</source>
        <translation>指向不存在目标的符号链接</translation>
    </message>
    <message>
        <location filename="../../desktop/core/knowledge/scan.py" line="28"/>
        <source>cannot be read ({detail})</source>
        <translation>无法读取（{detail}）</translation>
    </message>
    <message>
        <location filename="../../desktop/core/knowledge/scan.py" line="30"/>
        <source>does not exist</source>
        <translation>不存在</translation>
    </message>
    <message>
        <location filename="../../desktop/core/knowledge/scan.py" line="33"/>
        <source>not a supported file type ({extension})</source>
        <translation>不支持的文件类型（{extension}）</translation>
    </message>
    <message>
        <location filename="../../desktop/core/knowledge/scan.py" line="36"/>
        <location filename="../../desktop/core/userfiles.py" line="54"/>
        <source>not a regular file</source>
        <translation>不是普通文件</translation>
    </message>
    <message>
        <location filename="../../desktop/core/engine/presets.py" line="38"/>
        <source>A preset needs a name.</source>
        <translation>预设需要一个名称。</translation>
    </message>
    <message>
        <location filename="../../desktop/core/engine/presets.py" line="42"/>
        <source>Built-in presets cannot be replaced; pick another name.</source>
        <translation>内置预设不能被替换，请换一个名称。</translation>
    </message>
    <message>
        <location filename="../../desktop/core/engine/errors.py" line="13"/>
        <source>No model is loaded.</source>
        <translation>尚未加载模型。</translation>
    </message>
    <message>
        <location filename="../../desktop/core/engine/errors.py" line="16"/>
        <source>The engine has stopped.</source>
        <translation>引擎已停止。</translation>
    </message>
    <message>
        <location filename="../../desktop/core/engine/errors.py" line="19"/>
        <source>Load a model first.</source>
        <translation>请先加载一个模型。</translation>
    </message>
    <message>
        <location filename="../../desktop/core/engine/errors.py" line="21"/>
        <source>The engine was closed.</source>
        <translation>引擎已关闭。</translation>
    </message>
    <message>
        <location filename="../../desktop/core/engine/errors.py" line="23"/>
        <source>Unknown engine command &apos;{op}&apos;.</source>
        <translation>未知的引擎命令“{op}”。</translation>
    </message>
    <message>
        <location filename="../../desktop/core/engine/errors.py" line="26"/>
        <source>The engine failed: {error}</source>
        <translation>引擎出错：{error}</translation>
    </message>
    <message>
        <location filename="../../desktop/core/engine/errors.py" line="30"/>
        <source>The engine did not answer &apos;{op}&apos; in time.</source>
        <translation>引擎未能及时响应“{op}”。</translation>
    </message>
    <message>
        <location filename="../../desktop/core/engine/errors.py" line="33"/>
        <source>The reply did not finish in time.</source>
        <translation>回复未能及时完成。</translation>
    </message>
    <message>
        <location filename="../../desktop/core/engine/errors.py" line="37"/>
        <source>The engine process exited with code {code}.</source>
        <translation>引擎进程已退出，退出码 {code}。</translation>
    </message>
    <message>
        <location filename="../../desktop/core/engine/errors.py" line="41"/>
        <source>The engine process was killed by signal {signal}.</source>
        <translation>引擎进程被信号 {signal} 终止。</translation>
    </message>
    <message>
        <location filename="../../desktop/core/engine/errors.py" line="45"/>
        <source>The engine process was killed by signal {signal}. The system may have run out of memory.</source>
        <translation>引擎进程被信号 {signal} 终止。系统可能内存不足。</translation>
    </message>
    <message>
        <location filename="../../desktop/core/engine/errors.py" line="52"/>
        <source>The engine process stopped responding.</source>
        <translation>引擎进程已停止响应。</translation>
    </message>
    <message>
        <location filename="../../desktop/core/engine/errors.py" line="56"/>
        <source>Load the model again. If it keeps happening, try fewer GPU layers, a smaller context, or another quantization.</source>
        <translation>请重新加载模型。如果反复出现，请尝试减少 GPU 层数、缩小上下文或换用其他量化版本。</translation>
    </message>
    <message>
        <location filename="../../desktop/core/engine/errors.py" line="63"/>
        <source>Request {id} is already running.</source>
        <translation>请求 {id} 已在运行。</translation>
    </message>
    <message>
        <location filename="../../desktop/core/engine/errors.py" line="67"/>
        <source>llama.cpp could not load {name}.</source>
        <translation>llama.cpp 无法加载 {name}。</translation>
    </message>
    <message>
        <location filename="../../desktop/core/engine/errors.py" line="71"/>
        <source>The file may be damaged or use features this llama.cpp build lacks; download it again or pick another quantization.</source>
        <translation>文件可能已损坏，或使用了此 llama.cpp 构建不支持的特性；请重新下载，或选择其他量化版本。</translation>
    </message>
    <message>
        <location filename="../../desktop/core/engine/errors.py" line="79"/>
        <source>Not enough memory for a {n_ctx}-token context with this model.</source>
        <translation>内存不足，无法为此模型分配 {n_ctx} token 的上下文。</translation>
    </message>
    <message>
        <location filename="../../desktop/core/engine/errors.py" line="85"/>
        <source>Choose a smaller context size or fewer GPU layers.</source>
        <translation>请选择更小的上下文或更少的 GPU 层数。</translation>
    </message>
    <message>
        <location filename="../../desktop/core/engine/errors.py" line="89"/>
        <source>The KV cache has no room for these tokens.</source>
        <translation>KV 缓存已无空间容纳这些 token。</translation>
    </message>
    <message>
        <location filename="../../desktop/core/engine/errors.py" line="93"/>
        <source>Start a new chat or load the model with a larger context.</source>
        <translation>请开始新的对话，或以更大的上下文重新加载模型。</translation>
    </message>
    <message>
        <location filename="../../desktop/core/engine/errors.py" line="96"/>
        <source>llama_decode failed (code {code}).</source>
        <translation>llama_decode 失败（代码 {code}）。</translation>
    </message>
    <message>
        <location filename="../../desktop/core/engine/errors.py" line="100"/>
        <source>Token id {id} is not in this model&apos;s vocabulary.</source>
        <translation>token id {id} 不在此模型的词表中。</translation>
    </message>
    <message>
        <location filename="../../desktop/core/engine/errors.py" line="104"/>
        <source>Forced token id {id} is not in the vocabulary.</source>
        <translation>强制指定的 token id {id} 不在词表中。</translation>
    </message>
    <message>
        <location filename="../../desktop/core/engine/errors.py" line="108"/>
        <source>A request needs exactly one of text, token_ids or messages.</source>
        <translation>请求必须且只能包含 text、token_ids 或 messages 之一。</translation>
    </message>
    <message>
        <location filename="../../desktop/core/engine/errors.py" line="113"/>
        <source>There are no messages to reply to.</source>
        <translation>没有可回复的消息。</translation>
    </message>
    <message>
        <location filename="../../desktop/core/engine/errors.py" line="116"/>
        <source>The prompt is empty.</source>
        <translation>提示词为空。</translation>
    </message>
    <message>
        <location filename="../../desktop/core/engine/errors.py" line="119"/>
        <source>Type something first.</source>
        <translation>请先输入内容。</translation>
    </message>
    <message>
        <location filename="../../desktop/core/engine/errors.py" line="123"/>
        <source>The prompt has {n_tokens} tokens but the context holds {n_ctx}.</source>
        <translation>提示词有 {n_tokens} 个 token，但上下文只能容纳 {n_ctx} 个。</translation>
    </message>
    <message>
        <location filename="../../desktop/core/engine/errors.py" line="129"/>
        <source>Shorten the conversation, start a new chat, or load the model with a larger context.</source>
        <translation>请缩短对话、开始新的对话，或以更大的上下文重新加载模型。</translation>
    </message>
    <message>
        <location filename="../../desktop/core/engine/errors.py" line="135"/>
        <source>top_logprobs must be 0-{max}.</source>
        <translation>top_logprobs 必须在 0 到 {max} 之间。</translation>
    </message>
    <message>
        <location filename="../../desktop/core/engine/errors.py" line="141"/>
        <source>This llama-cpp-python build is CPU-only, so the model runs on the CPU. To use a GPU, reinstall llama-cpp-python with GPU support (CMAKE_ARGS, see the README section &apos;GPU&apos;).</source>
        <translation>此 llama-cpp-python 构建仅支持 CPU，因此模型在 CPU 上运行。要使用 GPU，请重新安装支持 GPU 的 llama-cpp-python（CMAKE_ARGS，见 README 的“GPU”一节）。</translation>
    </message>
    <message>
        <location filename="../../desktop/core/engine/errors.py" line="150"/>
        <source>The context ({n_ctx} tokens) is larger than the {n_ctx_train} tokens this model was trained on; replies may degrade past that length.</source>
        <translation>上下文（{n_ctx} token）超过了此模型训练时的 {n_ctx_train} token；超出该长度后回复质量可能下降。</translation>
    </message>
    <message>
        <location filename="../../desktop/core/engine/errors.py" line="188"/>
        <source>llama.cpp could not use this grammar.</source>
        <translation>llama.cpp 无法使用此语法。</translation>
    </message>
    <message>
        <location filename="../../desktop/core/engine/errors.py" line="192"/>
        <source>Check the grammar&apos;s syntax: every rule referenced must be defined, and the root rule must exist.</source>
        <translation>请检查语法：引用的每条规则都必须有定义，且根规则必须存在。</translation>
    </message>
    <message>
        <location filename="../../desktop/core/engine/errors.py" line="200"/>
        <source>The output format allows no token of this model&apos;s vocabulary at this point.</source>
        <translation>此处输出格式不允许该模型词表中的任何 token。</translation>
    </message>
    <message>
        <location filename="../../desktop/core/engine/errors.py" line="207"/>
        <source>The grammar asks for text this model cannot write; simplify the grammar or schema.</source>
        <translation>语法要求的文本是此模型写不出的；请简化语法或 Schema。</translation>
    </message>
    <message>
        <location filename="../../desktop/core/engine/errors.py" line="214"/>
        <source>The chosen token is not allowed by the output format here.</source>
        <translation>输出格式在此处不允许所选的 token。</translation>
    </message>
    <message>
        <location filename="../../desktop/core/engine/errors.py" line="218"/>
        <source>Pick an alternative the grammar allows, or turn the output format off.</source>
        <translation>请选择语法允许的候选，或关闭输出格式。</translation>
    </message>
    <message>
        <location filename="../../desktop/core/engine/errors.py" line="227"/>
        <source>No embedding model is loaded.</source>
        <translation>未加载嵌入模型。</translation>
    </message>
    <message>
        <location filename="../../desktop/core/engine/errors.py" line="231"/>
        <source>{name} is not a reranker (no rank pooling).</source>
        <translation>{name} 不是重排序模型（没有 rank 池化）。</translation>
    </message>
    <message>
        <location filename="../../desktop/core/engine/errors.py" line="235"/>
        <location filename="../../desktop/core/gguf/errors.py" line="130"/>
        <source>{name} holds a vocabulary only, no model weights.</source>
        <translation>{name} 只包含词表，没有模型权重。</translation>
    </message>
    <message>
        <location filename="../../desktop/core/engine/errors.py" line="239"/>
        <source>llama.cpp could not load {name} as an embedding model.</source>
        <translation>llama.cpp 无法将 {name} 作为嵌入模型加载。</translation>
    </message>
    <message>
        <location filename="../../desktop/core/engine/errors.py" line="243"/>
        <source>The file may be damaged or use an architecture this llama.cpp build lacks.</source>
        <translation>文件可能已损坏，或使用了此 llama.cpp 版本不支持的架构。</translation>
    </message>
    <message>
        <location filename="../../desktop/core/engine/errors.py" line="250"/>
        <source>Not enough memory for a {tokens}-token embedding batch.</source>
        <translation>内存不足，无法处理 {tokens} 个 token 的嵌入批次。</translation>
    </message>
    <message>
        <location filename="../../desktop/core/engine/errors.py" line="254"/>
        <source>Close other programs or pick a smaller embedding model.</source>
        <translation>请关闭其他程序，或选择更小的嵌入模型。</translation>
    </message>
    <message>
        <location filename="../../desktop/core/engine/errors.py" line="257"/>
        <source>Embedding was cancelled.</source>
        <translation>嵌入已取消。</translation>
    </message>
    <message>
        <location filename="../../desktop/core/engine/errors.py" line="261"/>
        <source>llama_decode failed while embedding (code {code}).</source>
        <translation>嵌入时 llama_decode 失败（代码 {code}）。</translation>
    </message>
    <message>
        <location filename="../../desktop/core/engine/errors.py" line="264"/>
        <source>llama.cpp returned no embedding.</source>
        <translation>llama.cpp 没有返回嵌入向量。</translation>
    </message>
    <message>
        <location filename="../../desktop/core/engine/errors.py" line="269"/>
        <source>{name} is not the loaded model.</source>
        <translation>{name} 不是已加载的模型。</translation>
    </message>
    <message>
        <location filename="../../desktop/core/engine/errors.py" line="272"/>
        <source>Load it first.</source>
        <translation>请先加载它。</translation>
    </message>
    <message>
        <location filename="../../desktop/core/engine/errors.py" line="280"/>
        <source>A quantized V cache needs flash attention, which is set to off.</source>
        <translation>量化的 V 缓存需要 Flash Attention，但它已设为关闭。</translation>
    </message>
    <message>
        <location filename="../../desktop/core/engine/errors.py" line="286"/>
        <source>Set flash attention to auto or on, or keep the V cache at f16.</source>
        <translation>请将 Flash Attention 设为自动或开启，或将 V 缓存保持为 f16。</translation>
    </message>
    <message>
        <location filename="../../desktop/core/engine/errors.py" line="292"/>
        <source>llama.cpp could not set up a {type_k}/{type_v} KV cache (K/V) for this model.</source>
        <translation>llama.cpp 无法为此模型建立 {type_k}/{type_v} 的 KV 缓存（K/V）。</translation>
    </message>
    <message>
        <location filename="../../desktop/core/engine/errors.py" line="299"/>
        <source>Quantized caches need attention heads of a multiple of 32 values, and a quantized V cache needs flash attention on this backend; keep f16.</source>
        <translation>量化缓存要求注意力头的大小是 32 的倍数，且量化的 V 缓存在此后端上需要 Flash Attention；请保持 f16。</translation>
    </message>
    <message>
        <location filename="../../desktop/core/experiments/errors.py" line="21"/>
        <source>{where}: {problem}</source>
        <translation>{where}：{problem}</translation>
    </message>
    <message>
        <location filename="../../desktop/core/experiments/errors.py" line="22"/>
        <source>{source}, line {line}</source>
        <translation>{source}，第 {line} 行</translation>
    </message>
    <message>
        <location filename="../../desktop/core/experiments/errors.py" line="23"/>
        <source>{source}, template {index}</source>
        <translation>{source}，模板 {index}</translation>
    </message>
    <message>
        <location filename="../../desktop/core/experiments/errors.py" line="24"/>
        <source>{source}, case {index}</source>
        <translation>{source}，用例 {index}</translation>
    </message>
    <message>
        <location filename="../../desktop/core/experiments/errors.py" line="25"/>
        <source>{source}, config {index}</source>
        <translation>{source}，配置 {index}</translation>
    </message>
    <message>
        <location filename="../../desktop/core/experiments/errors.py" line="26"/>
        <source>Check {index}</source>
        <translation>检查 {index}</translation>
    </message>
    <message>
        <location filename="../../desktop/core/experiments/errors.py" line="29"/>
        <source>not valid CSV ({reason})</source>
        <translation>不是有效的 CSV（{reason}）</translation>
    </message>
    <message>
        <location filename="../../desktop/core/experiments/errors.py" line="31"/>
        <source>no header row (expected variable names)</source>
        <translation>缺少表头行（应为变量名）</translation>
    </message>
    <message>
        <location filename="../../desktop/core/experiments/errors.py" line="34"/>
        <source>the header has an empty column name</source>
        <translation>表头中有空的列名</translation>
    </message>
    <message>
        <location filename="../../desktop/core/experiments/errors.py" line="37"/>
        <source>the header repeats a column name</source>
        <translation>表头中有重复的列名</translation>
    </message>
    <message>
        <location filename="../../desktop/core/experiments/errors.py" line="40"/>
        <source>{cells} cells but {columns} columns</source>
        <translation>有 {cells} 个单元格，但只有 {columns} 列</translation>
    </message>
    <message>
        <location filename="../../desktop/core/experiments/errors.py" line="42"/>
        <source>{size} MB is too large</source>
        <translation>{size} MB 太大</translation>
    </message>
    <message>
        <location filename="../../desktop/core/experiments/errors.py" line="44"/>
        <source>File not found: {path}</source>
        <translation>找不到文件：{path}</translation>
    </message>
    <message>
        <location filename="../../desktop/core/experiments/errors.py" line="46"/>
        <source>not UTF-8 text</source>
        <translation>不是 UTF-8 文本</translation>
    </message>
    <message>
        <location filename="../../desktop/core/experiments/errors.py" line="47"/>
        <location filename="../../desktop/core/experiments/errors.py" line="74"/>
        <source>{reason}</source>
        <translation>{reason}</translation>
    </message>
    <message>
        <location filename="../../desktop/core/experiments/errors.py" line="49"/>
        <source>not valid {format}: {reason}</source>
        <translation>不是有效的 {format}：{reason}</translation>
    </message>
    <message>
        <location filename="../../desktop/core/experiments/errors.py" line="53"/>
        <source>expected a mapping with templates, cases and configs</source>
        <translation>应为包含 templates、cases 和 configs 的映射</translation>
    </message>
    <message>
        <location filename="../../desktop/core/experiments/errors.py" line="56"/>
        <source>&apos;cases&apos; must be a list</source>
        <translation>“cases”必须是列表</translation>
    </message>
    <message>
        <location filename="../../desktop/core/experiments/errors.py" line="59"/>
        <source>&apos;repeats&apos; must be a whole number</source>
        <translation>“repeats”必须是整数</translation>
    </message>
    <message>
        <location filename="../../desktop/core/experiments/errors.py" line="62"/>
        <source>&apos;{key}&apos; must be a non-empty list</source>
        <translation>“{key}”必须是非空列表</translation>
    </message>
    <message>
        <location filename="../../desktop/core/experiments/errors.py" line="64"/>
        <source>&apos;{key}&apos; is missing</source>
        <translation>缺少“{key}”</translation>
    </message>
    <message>
        <location filename="../../desktop/core/experiments/errors.py" line="66"/>
        <source>expected a mapping</source>
        <translation>应为映射</translation>
    </message>
    <message>
        <location filename="../../desktop/core/experiments/errors.py" line="69"/>
        <source>no built-in template named &apos;{name}&apos;</source>
        <translation>没有名为“{name}”的内置模板</translation>
    </message>
    <message>
        <location filename="../../desktop/core/experiments/errors.py" line="72"/>
        <source>saved templates need the template library</source>
        <translation>已保存的模板需要模板库</translation>
    </message>
    <message>
        <location filename="../../desktop/core/experiments/errors.py" line="76"/>
        <source>give &apos;builtin&apos;, &apos;template&apos; or an inline &apos;body&apos;</source>
        <translation>请提供“builtin”、“template”或内联的“body”</translation>
    </message>
    <message>
        <location filename="../../desktop/core/experiments/errors.py" line="79"/>
        <source>expected a mapping of variable values</source>
        <translation>应为变量值的映射</translation>
    </message>
    <message>
        <location filename="../../desktop/core/experiments/errors.py" line="82"/>
        <source>expected a mapping with &apos;model&apos;</source>
        <translation>应为包含“model”的映射</translation>
    </message>
    <message>
        <location filename="../../desktop/core/experiments/errors.py" line="85"/>
        <source>&apos;model&apos; (a GGUF file path) is missing</source>
        <translation>缺少“model”（GGUF 文件路径）</translation>
    </message>
    <message>
        <location filename="../../desktop/core/experiments/errors.py" line="88"/>
        <source>unknown setting &apos;{key}&apos;</source>
        <translation>未知的设置项“{key}”</translation>
    </message>
    <message>
        <location filename="../../desktop/core/experiments/errors.py" line="94"/>
        <source>Unknown check &apos;{kind}&apos;; use one of: {kinds}</source>
        <translation>未知的检查“{kind}”；请使用以下之一：{kinds}</translation>
    </message>
    <message>
        <location filename="../../desktop/core/experiments/errors.py" line="97"/>
        <source>The check &apos;{kind}&apos; needs a value</source>
        <translation>检查“{kind}”需要一个值</translation>
    </message>
    <message>
        <location filename="../../desktop/core/experiments/errors.py" line="101"/>
        <source>&apos;at most N tokens&apos; needs a whole number, got &apos;{value}&apos;</source>
        <translation>“最多 N 个 token”需要整数，得到的是“{value}”</translation>
    </message>
    <message>
        <location filename="../../desktop/core/experiments/errors.py" line="105"/>
        <source>Invalid regular expression &apos;{value}&apos;: {reason}</source>
        <translation>无效的正则表达式“{value}”：{reason}</translation>
    </message>
    <message>
        <location filename="../../desktop/core/experiments/errors.py" line="108"/>
        <source>expected one of {kinds}, got {item}</source>
        <translation>应为 {kinds} 之一，得到的是 {item}</translation>
    </message>
    <message>
        <location filename="../../desktop/core/experiments/errors.py" line="110"/>
        <source>not a check: {item}</source>
        <translation>不是检查项：{item}</translation>
    </message>
    <message>
        <location filename="../../desktop/core/experiments/errors.py" line="114"/>
        <source>Add at least one prompt version.</source>
        <translation>请至少添加一个提示词版本。</translation>
    </message>
    <message>
        <location filename="../../desktop/core/experiments/errors.py" line="118"/>
        <source>Add at least one test case (a case may have no values).</source>
        <translation>请至少添加一个测试用例（用例可以没有值）。</translation>
    </message>
    <message>
        <location filename="../../desktop/core/experiments/errors.py" line="122"/>
        <source>Add at least one run config (a model and its settings).</source>
        <translation>请至少添加一个运行配置（模型及其设置）。</translation>
    </message>
    <message>
        <location filename="../../desktop/core/experiments/errors.py" line="125"/>
        <source>Repeats must be 1 or more.</source>
        <translation>重复次数必须至少为 1。</translation>
    </message>
    <message>
        <location filename="../../desktop/core/experiments/errors.py" line="129"/>
        <source>Two prompt versions are named &apos;{label}&apos;: give each its own label.</source>
        <translation>有两个提示词版本都叫“{label}”：请为每个版本取不同的标签。</translation>
    </message>
    <message>
        <location filename="../../desktop/core/experiments/errors.py" line="135"/>
        <source>Two run configs are named &apos;{label}&apos;: give each its own label.</source>
        <translation>有两个运行配置都叫“{label}”：请为每个配置取不同的标签。</translation>
    </message>
    <message>
        <location filename="../../desktop/core/experiments/errors.py" line="141"/>
        <source>Version &apos;{label}&apos;: kind must be chat or completion.</source>
        <translation>版本“{label}”：类型必须是 chat 或 completion。</translation>
    </message>
    <message>
        <location filename="../../desktop/core/experiments/errors.py" line="144"/>
        <source>Version &apos;{label}&apos;: {problem}: &apos;{text}&apos;.</source>
        <translation>版本“{label}”：{problem}：“{text}”。</translation>
    </message>
    <message>
        <location filename="../../desktop/core/experiments/errors.py" line="148"/>
        <source>Case &apos;{case}&apos; has no value for {names} (used by version &apos;{version}&apos;).</source>
        <translation>用例“{case}”缺少 {names} 的值（版本“{version}”用到了它）。</translation>
    </message>
    <message>
        <location filename="../../desktop/core/experiments/errors.py" line="154"/>
        <source>Config &apos;{label}&apos;: unknown setting(s) {keys}.</source>
        <translation>配置“{label}”：未知的设置项 {keys}。</translation>
    </message>
    <message>
        <location filename="../../desktop/core/experiments/errors.py" line="158"/>
        <source>Config &apos;{label}&apos;: {key} {reason}, not {value}.</source>
        <translation>配置“{label}”：{key} {reason}，而不是 {value}。</translation>
    </message>
    <message>
        <location filename="../../desktop/core/experiments/errors.py" line="162"/>
        <source>Config &apos;{label}&apos;: load settings ({keys}) apply to local models only; the server loads its own.</source>
        <translation>配置 &apos;{label}&apos;：加载设置（{keys}）只适用于本地模型；服务器自行加载模型。</translation>
    </message>
    <message>
        <location filename="../../desktop/core/experiments/errors.py" line="170"/>
        <source>Config &apos;{label}&apos;: model file not found: {path}</source>
        <translation>配置“{label}”：找不到模型文件：{path}</translation>
    </message>
    <message>
        <location filename="../../desktop/core/experiments/errors.py" line="174"/>
        <source>Config &apos;{label}&apos;: output format: {problem}</source>
        <translation>配置“{label}”：输出格式：{problem}</translation>
    </message>
    <message>
        <location filename="../../desktop/core/experiments/errors.py" line="178"/>
        <source>Version &apos;{label}&apos;: output format: {problem}</source>
        <translation>版本“{label}”：输出格式：{problem}</translation>
    </message>
    <message>
        <location filename="../../desktop/core/experiments/errors.py" line="182"/>
        <source>cannot read {key} {path}: {reason}</source>
        <translation>无法读取 {key} {path}：{reason}</translation>
    </message>
    <message>
        <location filename="../../desktop/core/experiments/errors.py" line="189"/>
        <source>Config &apos;{label}&apos; runs on backend &apos;{backend}&apos;, which is not available here.</source>
        <translation>配置 &apos;{label}&apos; 在后端 &apos;{backend}&apos; 上运行，但此处无法使用该后端。</translation>
    </message>
    <message>
        <location filename="../../desktop/core/experiments/errors.py" line="194"/>
        <source>Local configs need the local engine.</source>
        <translation>本地配置需要本地引擎。</translation>
    </message>
    <message>
        <location filename="../../desktop/core/experiments/errors.py" line="196"/>
        <source>{backend}: {error}</source>
        <translation>{backend}：{error}</translation>
    </message>
    <message>
        <location filename="../../desktop/core/experiments/errors.py" line="199"/>
        <source>Running on {backend} ({model}), {workers} at a time</source>
        <translation>正在 {backend}（{model}）上运行，每次 {workers} 个</translation>
    </message>
    <message>
        <location filename="../../desktop/core/experiments/errors.py" line="201"/>
        <source>Loading {name}</source>
        <translation>正在加载 {name}</translation>
    </message>
    <message>
        <location filename="../../desktop/core/experiments/errors.py" line="203"/>
        <source>Could not load {name}: {error}</source>
        <translation>无法加载 {name}：{error}</translation>
    </message>
    <message>
        <location filename="../../desktop/core/experiments/errors.py" line="205"/>
        <source>Running on {name}</source>
        <translation>正在 {name} 上运行</translation>
    </message>
    <message>
        <location filename="../../desktop/core/experiments/errors.py" line="233"/>
        <source>This experiment has {cells:,} cells ({versions:,} versions × {cases:,} cases × {configs:,} configs × {repeats:,} repeats); Tessera runs at most {limit:,} cells at a time. Split it into several experiments or use fewer repeats.</source>
        <translation>此实验有 {cells:,} 个单元（{versions:,} 个版本 × {cases:,} 个用例 × {configs:,} 个配置 × {repeats:,} 次重复）；Tessera 一次最多运行 {limit:,} 个单元。请拆分成多个实验或减少重复次数。</translation>
    </message>
    <message>
        <location filename="../../desktop/core/experiments/errors.py" line="242"/>
        <source>its aliases (*name) expand to more than {limit:,} values; write the values out or use a cases CSV</source>
        <translation>其别名（*name）展开后超过 {limit:,} 个值；请直接写出这些值或改用用例 CSV</translation>
    </message>
    <message>
        <location filename="../../desktop/core/experiments/errors.py" line="249"/>
        <source>an alias (*name) refers to itself</source>
        <translation>某个别名（*name）引用了自身</translation>
    </message>
    <message>
        <location filename="../../desktop/core/experiments/errors.py" line="252"/>
        <source>nested too deeply</source>
        <translation>嵌套过深</translation>
    </message>
    <message>
        <location filename="../../desktop/core/experiments/errors.py" line="256"/>
        <source>{text} contains a broken character (a lone UTF-16 surrogate)</source>
        <translation>{text} 含有损坏的字符（孤立的 UTF-16 代理项）</translation>
    </message>
    <message>
        <location filename="../../desktop/core/experiments/errors.py" line="260"/>
        <source>&apos;{key}&apos; must be a list</source>
        <translation>&apos;{key}&apos; 必须是列表</translation>
    </message>
    <message>
        <location filename="../../desktop/core/experiments/errors.py" line="262"/>
        <source>&apos;{key}&apos; must be a mapping of settings</source>
        <translation>&apos;{key}&apos; 必须是设置项的映射</translation>
    </message>
    <message>
        <location filename="../../desktop/core/experiments/errors.py" line="265"/>
        <source>&apos;cases_csv&apos; must be a file name</source>
        <translation>&apos;cases_csv&apos; 必须是文件名</translation>
    </message>
    <message>
        <location filename="../../desktop/core/gguf/errors.py" line="12"/>
        <source>The model file {path} does not exist.</source>
        <translation>模型文件 {path} 不存在。</translation>
    </message>
    <message>
        <location filename="../../desktop/core/gguf/errors.py" line="16"/>
        <source>It may have been moved or deleted; pick the file again or download it again.</source>
        <translation>它可能已被移动或删除；请重新选择该文件或重新下载。</translation>
    </message>
    <message>
        <location filename="../../desktop/core/gguf/errors.py" line="22"/>
        <source>{path} is a folder, not a model file.</source>
        <translation>{path} 是文件夹，不是模型文件。</translation>
    </message>
    <message>
        <location filename="../../desktop/core/gguf/errors.py" line="24"/>
        <source>Pick a .gguf file.</source>
        <translation>请选择一个 .gguf 文件。</translation>
    </message>
    <message>
        <location filename="../../desktop/core/gguf/errors.py" line="26"/>
        <location filename="../../desktop/core/models/library.py" line="58"/>
        <location filename="../../desktop/core/store/errors.py" line="252"/>
        <location filename="../../desktop/core/tokenizers/base.py" line="61"/>
        <location filename="../../desktop/core/userfiles.py" line="32"/>
        <source>Cannot read {path}: {reason}.</source>
        <translation>无法读取 {path}：{reason}。</translation>
    </message>
    <message>
        <location filename="../../desktop/core/gguf/errors.py" line="30"/>
        <source>{name} is not a GGUF model file (it is empty).</source>
        <translation>{name} 不是 GGUF 模型文件（文件为空）。</translation>
    </message>
    <message>
        <location filename="../../desktop/core/gguf/errors.py" line="34"/>
        <source>{name} is not a GGUF model file (it is too small).</source>
        <translation>{name} 不是 GGUF 模型文件（文件太小）。</translation>
    </message>
    <message>
        <location filename="../../desktop/core/gguf/errors.py" line="38"/>
        <source>Download the model again, or pick a .gguf file.</source>
        <translation>请重新下载模型，或选择一个 .gguf 文件。</translation>
    </message>
    <message>
        <location filename="../../desktop/core/gguf/errors.py" line="41"/>
        <source>{name} is not a GGUF model file.</source>
        <translation>{name} 不是 GGUF 模型文件。</translation>
    </message>
    <message>
        <location filename="../../desktop/core/gguf/errors.py" line="45"/>
        <source>Tessera runs GGUF models (llama.cpp&apos;s format). Pick a file ending in .gguf, e.g. from a repository whose name contains &apos;GGUF&apos;.</source>
        <translation>Tessera 运行 GGUF 模型（llama.cpp 的格式）。请选择以 .gguf 结尾的文件，例如来自名称中含有“GGUF”的仓库。</translation>
    </message>
    <message>
        <location filename="../../desktop/core/gguf/errors.py" line="53"/>
        <source>{name} uses GGUF version {version}, which llama.cpp cannot read.</source>
        <translation>{name} 使用 GGUF 版本 {version}，llama.cpp 无法读取。</translation>
    </message>
    <message>
        <location filename="../../desktop/core/gguf/errors.py" line="59"/>
        <source>Download a current conversion of the model.</source>
        <translation>请下载该模型的最新转换版本。</translation>
    </message>
    <message>
        <location filename="../../desktop/core/gguf/errors.py" line="62"/>
        <source>{name} has a damaged header.</source>
        <translation>{name} 的文件头已损坏。</translation>
    </message>
    <message>
        <location filename="../../desktop/core/gguf/errors.py" line="65"/>
        <source>{name} has a damaged tensor table.</source>
        <translation>{name} 的张量表已损坏。</translation>
    </message>
    <message>
        <location filename="../../desktop/core/gguf/errors.py" line="69"/>
        <source>Unknown value type {type} in metadata key &apos;{key}&apos;.</source>
        <translation>元数据键“{key}”中有未知的值类型 {type}。</translation>
    </message>
    <message>
        <location filename="../../desktop/core/gguf/errors.py" line="73"/>
        <source>A tensor uses quantization type {type}, which this version does not know.</source>
        <translation>某个张量使用了量化类型 {type}，此版本无法识别。</translation>
    </message>
    <message>
        <location filename="../../desktop/core/gguf/errors.py" line="79"/>
        <source>The file may need a newer llama.cpp, or it is damaged.</source>
        <translation>该文件可能需要更新的 llama.cpp，或者已损坏。</translation>
    </message>
    <message>
        <location filename="../../desktop/core/gguf/errors.py" line="83"/>
        <source>{name} is truncated: its header ends early.</source>
        <translation>{name} 不完整：文件头提前结束。</translation>
    </message>
    <message>
        <location filename="../../desktop/core/gguf/errors.py" line="87"/>
        <source>{name} is truncated: it has {size} but its tensors need {needed}.</source>
        <translation>{name} 不完整：文件只有 {size}，但其张量需要 {needed}。</translation>
    </message>
    <message>
        <location filename="../../desktop/core/gguf/errors.py" line="93"/>
        <source>The download was probably interrupted or the file is damaged; download it again.</source>
        <translation>下载可能中断了，或者文件已损坏；请重新下载。</translation>
    </message>
    <message>
        <location filename="../../desktop/core/gguf/errors.py" line="100"/>
        <source>{name} does not say which model architecture it holds.</source>
        <translation>{name} 未说明其模型架构。</translation>
    </message>
    <message>
        <location filename="../../desktop/core/gguf/errors.py" line="104"/>
        <source>{name} is a &apos;{arch}&apos; model, which cannot generate text.</source>
        <translation>{name} 是“{arch}”模型，无法生成文本。</translation>
    </message>
    <message>
        <location filename="../../desktop/core/gguf/errors.py" line="108"/>
        <source>It is a vision projector, audio decoder or embedding model; pick a chat or base language model instead.</source>
        <translation>它是视觉投影器、音频解码器或嵌入模型；请改选对话模型或基础语言模型。</translation>
    </message>
    <message>
        <location filename="../../desktop/core/gguf/errors.py" line="116"/>
        <source>{name} uses the &apos;{arch}&apos; architecture, which this llama.cpp build does not support.</source>
        <translation>{name} 使用“{arch}”架构，此 llama.cpp 构建不支持。</translation>
    </message>
    <message>
        <location filename="../../desktop/core/gguf/errors.py" line="123"/>
        <source>Pick another model, or update Tessera (a newer llama-cpp-python may support it).</source>
        <translation>请选择其他模型，或更新 Tessera（更新的 llama-cpp-python 可能支持它）。</translation>
    </message>
    <message>
        <location filename="../../desktop/core/gguf/errors.py" line="134"/>
        <source>Its tokens can be shown in the tokenizer view; pick a full model to chat.</source>
        <translation>可以在分词器视图中查看它的 token；要对话请选择完整的模型。</translation>
    </message>
    <message>
        <location filename="../../desktop/core/hub/config.py" line="17"/>
        <source>No system keyring is available, so the Hugging Face token cannot be stored securely and will be forgotten when Tessera closes. Install or unlock a keyring (e.g. GNOME Keyring / KWallet on Linux) to keep it.</source>
        <translation>没有可用的系统密钥环，因此无法安全保存 Hugging Face token，Tessera 关闭后将不会保留。要保存它，请安装或解锁一个密钥环（例如 Linux 上的 GNOME Keyring / KWallet）。</translation>
    </message>
    <message>
        <location filename="../../desktop/core/hub/config.py" line="25"/>
        <source>The token is empty.</source>
        <translation>token 为空。</translation>
    </message>
    <message>
        <location filename="../../desktop/core/hub/config.py" line="28"/>
        <source>A Hugging Face token has no spaces.</source>
        <translation>Hugging Face token 中不含空格。</translation>
    </message>
    <message>
        <location filename="../../desktop/core/hub/config.py" line="32"/>
        <source>The Hub endpoint must be an http(s) URL, not &apos;{endpoint}&apos;.</source>
        <translation>Hub 端点必须是 http(s) URL，而不是“{endpoint}”。</translation>
    </message>
    <message>
        <location filename="../../desktop/core/hub/errors.py" line="29"/>
        <source>{repo} is gated: open {url}, accept its license while signed in, then set your Hugging Face access token in Settings (or `tessera models token set`).</source>
        <translation>{repo} 需要授权：请打开 {url}，登录后接受其许可协议，然后在“设置”中填写你的 Hugging Face 访问 token（或运行 `tessera models token set`）。</translation>
    </message>
    <message>
        <location filename="../../desktop/core/hub/errors.py" line="37"/>
        <source>Cannot reach {endpoint}: check your network connection (or the endpoint setting).</source>
        <translation>无法连接 {endpoint}：请检查网络连接（或端点设置）。</translation>
    </message>
    <message>
        <location filename="../../desktop/core/hub/errors.py" line="44"/>
        <source>Hugging Face offline mode is on (HF_HUB_OFFLINE).</source>
        <translation>Hugging Face 离线模式已开启（HF_HUB_OFFLINE）。</translation>
    </message>
    <message>
        <location filename="../../desktop/core/hub/errors.py" line="48"/>
        <source>{repo} was not found on {endpoint} (or it is private and your token cannot see it).</source>
        <translation>在 {endpoint} 上找不到 {repo}（或者它是私有仓库，你的 token 无权查看）。</translation>
    </message>
    <message>
        <location filename="../../desktop/core/hub/errors.py" line="55"/>
        <source>Access to {target} was refused ({status}): the repository is private or your Hugging Face token is missing or invalid. Set a token in Settings.</source>
        <translation>访问 {target} 被拒绝（{status}）：仓库是私有的，或者你的 Hugging Face token 缺失或无效。请在“设置”中设置 token。</translation>
    </message>
    <message>
        <location filename="../../desktop/core/hub/errors.py" line="63"/>
        <source>That revision of {repo} does not exist.</source>
        <translation>{repo} 的该版本不存在。</translation>
    </message>
    <message>
        <location filename="../../desktop/core/hub/errors.py" line="67"/>
        <source>{target} was not found on {endpoint} (404).</source>
        <translation>在 {endpoint} 上找不到 {target}（404）。</translation>
    </message>
    <message>
        <location filename="../../desktop/core/hub/errors.py" line="71"/>
        <source>{endpoint} is rate-limiting requests (429). Wait {wait} and try again; setting a token raises the limit.</source>
        <translation>{endpoint} 正在限制请求频率（429）。请等待 {wait} 后重试；设置 token 可提高限额。</translation>
    </message>
    <message>
        <location filename="../../desktop/core/hub/errors.py" line="79"/>
        <source>{endpoint} is rate-limiting requests (429). Wait a few minutes and try again; setting a token raises the limit.</source>
        <translation>{endpoint} 正在限制请求频率（429）。请等几分钟后重试；设置 token 可提高限额。</translation>
    </message>
    <message>
        <location filename="../../desktop/core/hub/errors.py" line="87"/>
        <source>The server refused the byte range for {target} (416).</source>
        <translation>服务器拒绝了 {target} 的字节范围请求（416）。</translation>
    </message>
    <message>
        <location filename="../../desktop/core/hub/errors.py" line="91"/>
        <source>{endpoint} had a server error ({status}); try again later.</source>
        <translation>{endpoint} 发生服务器错误（{status}）；请稍后重试。</translation>
    </message>
    <message>
        <location filename="../../desktop/core/hub/errors.py" line="95"/>
        <source>Unexpected answer {status} from {endpoint} for {target}.</source>
        <translation>{endpoint} 对 {target} 返回了意外的响应 {status}。</translation>
    </message>
    <message>
        <location filename="../../desktop/core/hub/errors.py" line="99"/>
        <source>Unexpected reply from {endpoint}: {detail}</source>
        <translation>{endpoint} 返回了意外的回复：{detail}</translation>
    </message>
    <message>
        <location filename="../../desktop/core/hub/errors.py" line="103"/>
        <source>{name}: some parts of this split are missing on the Hub.</source>
        <translation>{name}：此分片模型在 Hub 上缺少部分分片。</translation>
    </message>
    <message>
        <location filename="../../desktop/core/hub/errors.py" line="106"/>
        <source>{name} is already downloading.</source>
        <translation>{name} 已在下载中。</translation>
    </message>
    <message>
        <location filename="../../desktop/core/hub/errors.py" line="109"/>
        <source>{error} Retrying in {seconds} s.</source>
        <translation>{error} 将在 {seconds} 秒后重试。</translation>
    </message>
    <message>
        <location filename="../../desktop/core/hub/errors.py" line="112"/>
        <source>Unexpected error: {error}</source>
        <translation>意外错误：{error}</translation>
    </message>
    <message>
        <location filename="../../desktop/core/hub/errors.py" line="116"/>
        <source>Not enough disk space for {name}: it needs {needed} more (plus {margin} headroom) and only {free} is free in {folder}.</source>
        <translation>磁盘空间不足，无法下载 {name}：还需要 {needed}（外加 {margin} 余量），而 {folder} 中只剩 {free}。</translation>
    </message>
    <message>
        <location filename="../../desktop/core/hub/errors.py" line="124"/>
        <source>The disk is full while writing {target}. Free some space and resume: the part already downloaded is kept.</source>
        <translation>写入 {target} 时磁盘已满。请释放一些空间后继续：已下载的部分会保留。</translation>
    </message>
    <message>
        <location filename="../../desktop/core/hub/errors.py" line="131"/>
        <location filename="../../desktop/core/userfiles.py" line="41"/>
        <source>Cannot write {path}: {reason}.</source>
        <translation>无法写入 {path}：{reason}。</translation>
    </message>
    <message>
        <location filename="../../desktop/core/hub/errors.py" line="134"/>
        <source>Refusing to follow a redirect to {url}.</source>
        <translation>拒绝跟随重定向到 {url}。</translation>
    </message>
    <message>
        <location filename="../../desktop/core/hub/errors.py" line="138"/>
        <source>Redirect without a location for {target}.</source>
        <translation>{target} 的重定向没有给出目标地址。</translation>
    </message>
    <message>
        <location filename="../../desktop/core/hub/errors.py" line="141"/>
        <source>Too many redirects for {target}.</source>
        <translation>{target} 的重定向次数过多。</translation>
    </message>
    <message>
        <location filename="../../desktop/core/hub/errors.py" line="145"/>
        <source>The server sent the wrong byte range for {target}.</source>
        <translation>服务器为 {target} 发送了错误的字节范围。</translation>
    </message>
    <message>
        <location filename="../../desktop/core/hub/errors.py" line="149"/>
        <source>The server sent more than the {size} bytes the Hub lists for {target}; the download was deleted.</source>
        <translation>服务器发送的数据超过了 Hub 为 {target} 列出的 {size} 字节；已删除该下载。</translation>
    </message>
    <message>
        <location filename="../../desktop/core/hub/errors.py" line="157"/>
        <source>{target} ended at {size} bytes, {expected} expected.</source>
        <translation>{target} 在 {size} 字节处结束，预期为 {expected} 字节。</translation>
    </message>
    <message>
        <location filename="../../desktop/core/hub/errors.py" line="161"/>
        <source>{target} failed its checksum (sha256 differs from the Hub&apos;s): the damaged download was deleted. Try again; if it repeats, the mirror may be serving bad data.</source>
        <translation>{target} 校验失败（sha256 与 Hub 上的不一致）：已删除损坏的下载。请重试；如果反复出现，可能是镜像提供了错误的数据。</translation>
    </message>
    <message>
        <location filename="../../desktop/core/hub/errors.py" line="169"/>
        <source>Cannot reach {endpoint}: check your network connection (or the endpoint setting). ({error})</source>
        <translation>无法连接 {endpoint}：请检查网络连接（或端点设置）。（{error}）</translation>
    </message>
    <message>
        <location filename="../../desktop/core/hub/errors.py" line="177"/>
        <source>&apos;{repo}&apos; is not a repository id of the form owner/name.</source>
        <translation>“{repo}”不是 owner/name 形式的仓库 id。</translation>
    </message>
    <message>
        <location filename="../../desktop/core/hub/errors.py" line="181"/>
        <source>Refusing the file name &apos;{name}&apos; from the Hub: unsafe path.</source>
        <translation>拒绝来自 Hub 的文件名“{name}”：路径不安全。</translation>
    </message>
    <message>
        <location filename="../../desktop/core/hub/errors.py" line="185"/>
        <source>Only .gguf files can be downloaded, not &apos;{name}&apos;.</source>
        <translation>只能下载 .gguf 文件，不能下载“{name}”。</translation>
    </message>
    <message>
        <location filename="../../desktop/core/hub/errors.py" line="189"/>
        <source>Refusing &apos;{name}&apos;: it would be written outside {folder}.</source>
        <translation>拒绝“{name}”：它会被写到 {folder} 之外。</translation>
    </message>
    <message>
        <location filename="../../desktop/core/models/library.py" line="38"/>
        <source>{path} does not exist or is not a file.</source>
        <translation>{path} 不存在或不是文件。</translation>
    </message>
    <message>
        <location filename="../../desktop/core/models/library.py" line="41"/>
        <source>{name} is not a .gguf file.</source>
        <translation>{name} 不是 .gguf 文件。</translation>
    </message>
    <message>
        <location filename="../../desktop/core/models/library.py" line="45"/>
        <source>{name} is split and these parts are missing: {parts}.</source>
        <translation>{name} 是分片模型，缺少以下分片：{parts}。</translation>
    </message>
    <message>
        <location filename="../../desktop/core/models/library.py" line="49"/>
        <source>{name} is already in the library ({path}).</source>
        <translation>{name} 已在模型库中（{path}）。</translation>
    </message>
    <message>
        <location filename="../../desktop/core/models/library.py" line="52"/>
        <source>{name} is already in the library.</source>
        <translation>{name} 已在模型库中。</translation>
    </message>
    <message>
        <location filename="../../desktop/core/models/library.py" line="55"/>
        <source>{path} is not a folder.</source>
        <translation>{path} 不是文件夹。</translation>
    </message>
    <message>
        <location filename="../../desktop/core/models/library.py" line="61"/>
        <source>Could not copy {name}: {reason}.</source>
        <translation>无法复制 {name}：{reason}。</translation>
    </message>
    <message>
        <location filename="../../desktop/core/models/library.py" line="64"/>
        <source>Could not move {name}: {reason}.</source>
        <translation>无法移动 {name}：{reason}。</translation>
    </message>
    <message>
        <location filename="../../desktop/core/store/errors.py" line="18"/>
        <source>The chat database {path} was written by a newer version of Tessera (schema revision &apos;{revision}&apos;, unknown to this version). Update Tessera to open it; the file was not changed.</source>
        <translation>聊天数据库 {path} 由更新版本的 Tessera 写入（结构版本“{revision}”，此版本无法识别）。请更新 Tessera 后再打开；文件未被修改。</translation>
    </message>
    <message>
        <location filename="../../desktop/core/store/errors.py" line="27"/>
        <source>The chat database {path} is damaged ({detail}). It was not modified.</source>
        <translation>聊天数据库 {path} 已损坏（{detail}）。文件未被修改。</translation>
    </message>
    <message>
        <location filename="../../desktop/core/store/errors.py" line="33"/>
        <source>The latest backup is {backup}; Tessera can restore it (the damaged file is kept beside it).</source>
        <translation>最新的备份是 {backup}；Tessera 可以恢复它（损坏的文件会保留在旁边）。</translation>
    </message>
    <message>
        <location filename="../../desktop/core/store/errors.py" line="40"/>
        <source>No backup was found beside it.</source>
        <translation>旁边没有找到备份。</translation>
    </message>
    <message>
        <location filename="../../desktop/core/store/errors.py" line="44"/>
        <source>Tessera is already running with the data folder {folder}{owner}. Switch to that window, or close it first; two copies would overwrite each other&apos;s chats.</source>
        <translation>Tessera 已在使用数据文件夹 {folder}{owner} 运行。请切换到那个窗口，或先将其关闭；同时运行两个会互相覆盖对话记录。</translation>
    </message>
    <message>
        <location filename="../../desktop/core/store/errors.py" line="50"/>
        <source> (process {pid})</source>
        <translation>（进程 {pid}）</translation>
    </message>
    <message>
        <location filename="../../desktop/core/store/errors.py" line="53"/>
        <source>Tessera cannot use the data folder {folder}: {reason}.</source>
        <translation>Tessera 无法使用数据文件夹 {folder}：{reason}。</translation>
    </message>
    <message>
        <location filename="../../desktop/core/store/errors.py" line="57"/>
        <source>Tessera cannot create its data folder {folder}: {reason}.</source>
        <translation>Tessera 无法创建数据文件夹 {folder}：{reason}。</translation>
    </message>
    <message>
        <location filename="../../desktop/core/store/errors.py" line="61"/>
        <source>Tessera cannot create its database: the data folder {folder} is read-only. Make it writable or start Tessera with another --data-dir.</source>
        <translation>Tessera 无法创建数据库：数据文件夹 {folder} 是只读的。请将其设为可写，或用其他 --data-dir 启动 Tessera。</translation>
    </message>
    <message>
        <location filename="../../desktop/core/store/errors.py" line="69"/>
        <source>Tessera cannot read its database {path}: {reason}</source>
        <translation>Tessera 无法读取数据库 {path}：{reason}</translation>
    </message>
    <message>
        <location filename="../../desktop/core/store/errors.py" line="73"/>
        <source>Tessera cannot open its database {path}: the data folder is read-only ({reason}). Make it writable or start Tessera with another --data-dir; the database was not changed.</source>
        <translation>Tessera 无法打开数据库 {path}：数据文件夹是只读的（{reason}）。请将其设为可写，或用其他 --data-dir 启动 Tessera；数据库未被修改。</translation>
    </message>
    <message>
        <location filename="../../desktop/core/store/errors.py" line="82"/>
        <source>Tessera cannot open its database {path}: {reason}. The file was not changed.</source>
        <translation>Tessera 无法打开数据库 {path}：{reason}。文件未被修改。</translation>
    </message>
    <message>
        <location filename="../../desktop/core/store/errors.py" line="89"/>
        <source>{path} is a SQLite file but not a Tessera database; it was not changed. Move it away or choose another --data-dir.</source>
        <translation>{path} 是 SQLite 文件，但不是 Tessera 数据库；文件未被修改。请将其移走，或选择其他 --data-dir。</translation>
    </message>
    <message>
        <location filename="../../desktop/core/store/errors.py" line="97"/>
        <source>The database upgrade was cancelled: it would break {count} links between records. Nothing was changed.</source>
        <translation>数据库升级已取消：它会破坏 {count} 处记录之间的关联。未做任何修改。</translation>
    </message>
    <message>
        <location filename="../../desktop/core/store/errors.py" line="105"/>
        <source>Tessera must upgrade {path} but could not back it up first ({reason}); the database was not changed. Free some disk space or make the folder writable.</source>
        <translation>Tessera 需要升级 {path}，但无法先备份它（{reason}）；数据库未被修改。请释放一些磁盘空间，或将文件夹设为可写。</translation>
    </message>
    <message>
        <location filename="../../desktop/core/store/errors.py" line="113"/>
        <source>Upgrading the database failed and was rolled back: {error} A backup taken just before is at {backup}.</source>
        <translation>数据库升级失败，已回滚：{error} 升级前的备份位于 {backup}。</translation>
    </message>
    <message>
        <location filename="../../desktop/core/store/errors.py" line="124"/>
        <source>Tessera cannot save: the data folder {folder} is read-only. Make it writable (or start Tessera with another --data-dir) and try again; nothing was lost.</source>
        <translation>Tessera 无法保存：数据文件夹 {folder} 是只读的。请将其设为可写（或用其他 --data-dir 启动 Tessera）后重试；没有丢失任何内容。</translation>
    </message>
    <message>
        <location filename="../../desktop/core/store/errors.py" line="132"/>
        <source>Tessera cannot save: the disk holding {folder} is full. Free some space and try again; nothing was lost.</source>
        <translation>Tessera 无法保存：{folder} 所在的磁盘已满。请释放一些空间后重试；没有丢失任何内容。</translation>
    </message>
    <message>
        <location filename="../../desktop/core/store/errors.py" line="140"/>
        <source>Tessera cannot save right now: the chat database is busy (another program is writing to it). Try again in a moment; nothing was lost.</source>
        <translation>Tessera 暂时无法保存：聊天数据库正忙（另一个程序正在写入）。请稍后重试；没有丢失任何内容。</translation>
    </message>
    <message>
        <location filename="../../desktop/core/store/errors.py" line="148"/>
        <source>Tessera cannot save: the database {path} cannot be opened for writing ({reason}). Check the folder&apos;s permissions and try again.</source>
        <translation>Tessera 无法保存：无法以写入方式打开数据库 {path}（{reason}）。请检查文件夹权限后重试。</translation>
    </message>
    <message>
        <location filename="../../desktop/core/store/errors.py" line="156"/>
        <source>Tessera could not save to {path}: {reason}. Try again.</source>
        <translation>Tessera 无法保存到 {path}：{reason}。请重试。</translation>
    </message>
    <message>
        <location filename="../../desktop/core/store/errors.py" line="159"/>
        <source>Tessera could not read {path}: {reason}</source>
        <translation>Tessera 无法读取 {path}：{reason}</translation>
    </message>
    <message>
        <location filename="../../desktop/core/store/errors.py" line="162"/>
        <source>This change conflicts with saved data: {reason}</source>
        <translation>此更改与已保存的数据冲突：{reason}</translation>
    </message>
    <message>
        <location filename="../../desktop/core/store/errors.py" line="168"/>
        <source>There is no conversation {id}.</source>
        <translation>不存在对话 {id}。</translation>
    </message>
    <message>
        <location filename="../../desktop/core/store/errors.py" line="170"/>
        <source>There is no message {id}.</source>
        <translation>不存在消息 {id}。</translation>
    </message>
    <message>
        <location filename="../../desktop/core/store/errors.py" line="172"/>
        <source>There is no model file {id}.</source>
        <translation>不存在模型文件 {id}。</translation>
    </message>
    <message>
        <location filename="../../desktop/core/store/errors.py" line="174"/>
        <source>There is no template {id}.</source>
        <translation>不存在模板 {id}。</translation>
    </message>
    <message>
        <location filename="../../desktop/core/store/errors.py" line="176"/>
        <source>There is no template version {id}.</source>
        <translation>不存在模板版本 {id}。</translation>
    </message>
    <message>
        <location filename="../../desktop/core/store/errors.py" line="180"/>
        <source>Experiment {id} does not exist (any more).</source>
        <translation>实验 {id} 不存在（或已被删除）。</translation>
    </message>
    <message>
        <location filename="../../desktop/core/store/errors.py" line="182"/>
        <source>Run {id} does not exist (any more).</source>
        <translation>运行 {id} 不存在（或已被删除）。</translation>
    </message>
    <message>
        <location filename="../../desktop/core/store/errors.py" line="184"/>
        <source>Result {id} does not exist (any more).</source>
        <translation>结果 {id} 不存在（或已被删除）。</translation>
    </message>
    <message>
        <location filename="../../desktop/core/store/errors.py" line="187"/>
        <source>Unknown message role &apos;{role}&apos;.</source>
        <translation>未知的消息角色“{role}”。</translation>
    </message>
    <message>
        <location filename="../../desktop/core/store/errors.py" line="190"/>
        <source>Unknown message status &apos;{status}&apos;.</source>
        <translation>未知的消息状态“{status}”。</translation>
    </message>
    <message>
        <location filename="../../desktop/core/store/errors.py" line="194"/>
        <source>A finished message cannot have status &apos;{status}&apos;.</source>
        <translation>已完成的消息不能处于“{status}”状态。</translation>
    </message>
    <message>
        <location filename="../../desktop/core/store/errors.py" line="198"/>
        <source>Only an assistant reply can be continued.</source>
        <translation>只有助手的回复可以继续生成。</translation>
    </message>
    <message>
        <location filename="../../desktop/core/store/errors.py" line="202"/>
        <source>Only an assistant reply can be regenerated.</source>
        <translation>只有助手的回复可以重新生成。</translation>
    </message>
    <message>
        <location filename="../../desktop/core/store/errors.py" line="206"/>
        <source>Only a user message can be edited into a new branch.</source>
        <translation>只有用户消息可以编辑为新的分支。</translation>
    </message>
    <message>
        <location filename="../../desktop/core/store/errors.py" line="210"/>
        <source>Message {message} is not part of conversation {conversation}.</source>
        <translation>消息 {message} 不属于对话 {conversation}。</translation>
    </message>
    <message>
        <location filename="../../desktop/core/store/errors.py" line="215"/>
        <source>Unknown model file fields: {fields}</source>
        <translation>未知的模型文件字段：{fields}</translation>
    </message>
    <message>
        <location filename="../../desktop/core/store/errors.py" line="219"/>
        <source>Setting &apos;{key}&apos; cannot be saved: {reason}</source>
        <translation>无法保存设置“{key}”：{reason}</translation>
    </message>
    <message>
        <location filename="../../desktop/core/store/errors.py" line="222"/>
        <source>An experiment needs a name.</source>
        <translation>实验需要一个名称。</translation>
    </message>
    <message>
        <location filename="../../desktop/core/store/errors.py" line="225"/>
        <source>Unknown run status &apos;{status}&apos;</source>
        <translation>未知的运行状态“{status}”</translation>
    </message>
    <message>
        <location filename="../../desktop/core/store/errors.py" line="227"/>
        <source>A rating is 1 to 5 stars.</source>
        <translation>评分为 1 到 5 星。</translation>
    </message>
    <message>
        <location filename="../../desktop/core/store/errors.py" line="229"/>
        <source>A conversation title cannot be empty.</source>
        <translation>对话标题不能为空。</translation>
    </message>
    <message>
        <location filename="../../desktop/core/store/errors.py" line="233"/>
        <source>Unknown context-overflow policy &apos;{policy}&apos;; use one of {choices}.</source>
        <translation>未知的上下文溢出策略“{policy}”；请使用以下之一：{choices}。</translation>
    </message>
    <message>
        <location filename="../../desktop/core/store/errors.py" line="238"/>
        <source>A template needs a name.</source>
        <translation>模板需要一个名称。</translation>
    </message>
    <message>
        <location filename="../../desktop/core/store/errors.py" line="242"/>
        <source>A template is &apos;chat&apos; or &apos;completion&apos;, not &apos;{kind}&apos;.</source>
        <translation>模板类型应为“chat”或“completion”，而不是“{kind}”。</translation>
    </message>
    <message>
        <location filename="../../desktop/core/store/errors.py" line="246"/>
        <source>A template named &apos;{name}&apos; already exists.</source>
        <translation>已存在名为“{name}”的模板。</translation>
    </message>
    <message>
        <location filename="../../desktop/core/store/errors.py" line="256"/>
        <source>{name} is {size} MB; Tessera imports conversations up to {limit} MB. Nothing was imported.</source>
        <translation>{name} 有 {size} MB；Tessera 最多导入 {limit} MB 的对话。未导入任何内容。</translation>
    </message>
    <message>
        <location filename="../../desktop/core/store/errors.py" line="264"/>
        <source>This file is not a Tessera export (not UTF-8 text). Nothing was imported.</source>
        <translation>此文件不是 Tessera 导出文件（不是 UTF-8 文本）。未导入任何内容。</translation>
    </message>
    <message>
        <location filename="../../desktop/core/store/errors.py" line="270"/>
        <source>This file is nested too deeply to be a Tessera export. Nothing was imported.</source>
        <translation>此文件嵌套层级过深，不是 Tessera 导出文件。未导入任何内容。</translation>
    </message>
    <message>
        <location filename="../../desktop/core/store/errors.py" line="277"/>
        <source>This file is not valid JSON ({reason}). Nothing was imported.</source>
        <translation>此文件不是有效的 JSON（{reason}）。未导入任何内容。</translation>
    </message>
    <message>
        <location filename="../../desktop/core/store/errors.py" line="285"/>
        <source>A backend named {name} already exists.</source>
        <translation>已存在名为 {name} 的后端。</translation>
    </message>
    <message>
        <location filename="../../desktop/core/store/errors.py" line="289"/>
        <source>This completion session has no prompt yet.</source>
        <translation>此补全会话还没有提示词。</translation>
    </message>
    <message>
        <location filename="../../desktop/core/store/errors.py" line="293"/>
        <source>Unknown load settings: {names}</source>
        <translation>未知的加载设置：{names}</translation>
    </message>
    <message>
        <location filename="../../desktop/core/store/errors.py" line="297"/>
        <source>Unknown conversation kind {kind}.</source>
        <translation>未知的对话类型 {kind}。</translation>
    </message>
    <message>
        <location filename="../../desktop/core/store/errors.py" line="300"/>
        <source>Nothing was imported.</source>
        <translation>未导入任何内容。</translation>
    </message>
    <message>
        <location filename="../../desktop/core/store/errors.py" line="304"/>
        <source>This is not a valid Tessera export: {where} {problem}. Nothing was imported.</source>
        <translation>这不是有效的 Tessera 导出文件：{where} {problem}。未导入任何内容。</translation>
    </message>
    <message>
        <location filename="../../desktop/core/store/errors.py" line="311"/>
        <source>This export was made by a newer Tessera (format version {version}); update Tessera to import it. Nothing was imported.</source>
        <translation>此导出文件由更新版本的 Tessera 生成（格式版本 {version}）；请更新 Tessera 后再导入。未导入任何内容。</translation>
    </message>
    <message>
        <location filename="../../desktop/core/store/errors.py" line="324"/>
        <source>Tessera cannot open its chats: the disk holding {folder} is full ({free} free; opening the database needs about {needed}). Free some space and start Tessera again; the database was not changed.</source>
        <translation>Tessera 无法打开聊天记录：{folder} 所在的磁盘已满（剩余 {free}；打开数据库约需 {needed}）。请释放一些空间后重新启动 Tessera；数据库未被改动。</translation>
    </message>
    <message>
        <location filename="../../desktop/core/store/errors.py" line="333"/>
        <source>Tessera cannot open its chats: the data folder {folder} is read-only{why}. Make it writable or start Tessera with another --data-dir; the database was not changed.</source>
        <translation>Tessera 无法打开聊天记录：数据文件夹 {folder} 是只读的{why}。请使其可写，或用另一个 --data-dir 启动 Tessera；数据库未被改动。</translation>
    </message>
    <message>
        <location filename="../../desktop/core/store/errors.py" line="341"/>
        <source>Conversation {id} contains a record Tessera cannot read ({detail}). Your other conversations are not affected. Delete this one with `tessera history delete {id}` or from the conversation list.</source>
        <translation>对话 {id} 含有 Tessera 无法读取的记录（{detail}）。其他对话不受影响。请用 `tessera history delete {id}` 或在对话列表中删除此对话。</translation>
    </message>
    <message>
        <location filename="../../desktop/core/store/knowledge.py" line="26"/>
        <source>A knowledge base needs a name.</source>
        <translation>知识库需要一个名称。</translation>
    </message>
    <message>
        <location filename="../../desktop/core/store/knowledge.py" line="30"/>
        <source>There is already a knowledge base named {name}.</source>
        <translation>已存在名为 {name} 的知识库。</translation>
    </message>
    <message>
        <location filename="../../desktop/core/store/knowledge.py" line="33"/>
        <source>There is no knowledge base {id}.</source>
        <translation>不存在知识库 {id}。</translation>
    </message>
    <message>
        <location filename="../../desktop/core/store/knowledge.py" line="37"/>
        <source>There is no knowledge base named {name}.</source>
        <translation>不存在名为 {name} 的知识库。</translation>
    </message>
    <message>
        <location filename="../../desktop/core/store/knowledge.py" line="40"/>
        <source>There is no document {id}.</source>
        <translation>不存在文档 {id}。</translation>
    </message>
    <message>
        <location filename="../../desktop/core/store/knowledge.py" line="44"/>
        <source>Unknown document status {status}.</source>
        <translation>未知的文档状态 {status}。</translation>
    </message>
    <message>
        <location filename="../../desktop/core/store/knowledge.py" line="48"/>
        <source>Chunk size must be between 16 and 8192 tokens.</source>
        <translation>分块大小必须在 16 到 8192 个 token 之间。</translation>
    </message>
    <message>
        <location filename="../../desktop/core/store/knowledge.py" line="52"/>
        <source>Chunk overlap must be at least 0 and at most half the size.</source>
        <translation>分块重叠必须至少为 0，且不超过分块大小的一半。</translation>
    </message>
    <message>
        <location filename="../../desktop/core/templates/chat_template.py" line="32"/>
        <source>The chat template refused these messages: {reason}</source>
        <translation>对话模板拒绝了这些消息：{reason}</translation>
    </message>
    <message>
        <location filename="../../desktop/core/templates/chat_template.py" line="36"/>
        <source>The model&apos;s chat template has a syntax error.</source>
        <translation>模型的对话模板有语法错误。</translation>
    </message>
    <message>
        <location filename="../../desktop/core/templates/chat_template.py" line="40"/>
        <source>The model&apos;s chat template failed on these messages.</source>
        <translation>模型的对话模板无法处理这些消息。</translation>
    </message>
    <message>
        <location filename="../../desktop/core/templates/chat_template.py" line="44"/>
        <source>There is no message to continue.</source>
        <translation>没有可继续生成的消息。</translation>
    </message>
    <message>
        <location filename="../../desktop/core/templates/chat_template.py" line="48"/>
        <source>This chat template drops the last message, so it cannot be continued.</source>
        <translation>此对话模板会丢弃最后一条消息，因此无法继续生成。</translation>
    </message>
    <message>
        <location filename="../../desktop/core/templates/library.py" line="22"/>
        <source>There is no template &apos;{key}&apos;.</source>
        <translation>不存在模板“{key}”。</translation>
    </message>
    <message>
        <location filename="../../desktop/core/templates/library.py" line="26"/>
        <source>The built-in template &apos;{name}&apos; has only version 1.</source>
        <translation>内置模板“{name}”只有版本 1。</translation>
    </message>
    <message>
        <location filename="../../desktop/core/templates/library.py" line="30"/>
        <source>Template &apos;{name}&apos; has no version {version}.</source>
        <translation>模板“{name}”没有版本 {version}。</translation>
    </message>
    <message>
        <location filename="../../desktop/core/templates/library.py" line="34"/>
        <source>Built-in templates are read-only: duplicate it to edit.</source>
        <translation>内置模板是只读的：请复制后再编辑。</translation>
    </message>
    <message>
        <location filename="../../desktop/core/templates/library.py" line="38"/>
        <source>Built-in templates have no history to restore.</source>
        <translation>内置模板没有可恢复的历史版本。</translation>
    </message>
    <message>
        <location filename="../../desktop/core/templates/library.py" line="42"/>
        <source>Built-in templates cannot be deleted.</source>
        <translation>内置模板不能删除。</translation>
    </message>
    <message>
        <location filename="../../desktop/core/templates/variables.py" line="65"/>
        <source>Placeholders cannot be nested</source>
        <translation>占位符不能嵌套</translation>
    </message>
    <message>
        <location filename="../../desktop/core/templates/variables.py" line="68"/>
        <source>Empty placeholder</source>
        <translation>空的占位符</translation>
    </message>
    <message>
        <location filename="../../desktop/core/templates/variables.py" line="72"/>
        <source>Not a variable name (use letters, digits and _, not starting with a digit)</source>
        <translation>不是有效的变量名（请使用字母、数字和 _，且不能以数字开头）</translation>
    </message>
    <message>
        <location filename="../../desktop/core/templates/variables.py" line="78"/>
        <source>Unclosed &apos;{open}&apos; (write \{open} for a literal &apos;{open}&apos;)</source>
        <translation>未闭合的“{open}”（若要输入字面的“{open}”，请写成 \{open}）</translation>
    </message>
    <message>
        <location filename="../../desktop/core/templates/variables.py" line="81"/>
        <source>No value for variable: {names}</source>
        <translation>变量缺少值：{names}</translation>
    </message>
    <message>
        <location filename="../../desktop/core/templates/variables.py" line="84"/>
        <source>No value for variables: {names}</source>
        <translation>变量缺少值：{names}</translation>
    </message>
    <message>
        <location filename="../../desktop/core/templates/variables.py" line="88"/>
        <source>{problem}: &apos;{text}&apos; at character {position}</source>
        <translation>{problem}：第 {position} 个字符处的“{text}”</translation>
    </message>
    <message>
        <location filename="../../desktop/core/templates/variables.py" line="92"/>
        <source>{problem}: &apos;{text}&apos; at character {position} (and {more} more)</source>
        <translation>{problem}：第 {position} 个字符处的“{text}”（另有 {more} 处）</translation>
    </message>
    <message>
        <location filename="../../desktop/core/tokenizers/base.py" line="20"/>
        <source>&apos;{spec}&apos; is not a tokenizer.</source>
        <translation>“{spec}”不是分词器。</translation>
    </message>
    <message>
        <location filename="../../desktop/core/tokenizers/base.py" line="24"/>
        <source>Use model:PATH.gguf, tiktoken:NAME (e.g. tiktoken:cl100k_base) or backend:NAME.</source>
        <translation>请使用 model:PATH.gguf、tiktoken:NAME（如 tiktoken:cl100k_base）或 backend:NAME。</translation>
    </message>
    <message>
        <location filename="../../desktop/core/tokenizers/base.py" line="31"/>
        <source>{id} is not a token id of {name}.</source>
        <translation>{id} 不是 {name} 的 token id。</translation>
    </message>
    <message>
        <location filename="../../desktop/core/tokenizers/base.py" line="34"/>
        <source>The tokenizer of {name} was closed.</source>
        <translation>{name} 的分词器已关闭。</translation>
    </message>
    <message>
        <location filename="../../desktop/core/tokenizers/base.py" line="38"/>
        <source>llama.cpp could not read the vocabulary of {name}.</source>
        <translation>llama.cpp 无法读取 {name} 的词表。</translation>
    </message>
    <message>
        <location filename="../../desktop/core/tokenizers/base.py" line="42"/>
        <source>The file may be damaged, incomplete, or of an architecture this llama.cpp does not know.</source>
        <translation>该文件可能已损坏、不完整，或属于此 llama.cpp 不认识的架构。</translation>
    </message>
    <message>
        <location filename="../../desktop/core/tokenizers/base.py" line="49"/>
        <source>llama.cpp could not tokenize this text ({code}).</source>
        <translation>llama.cpp 无法对这段文本分词（{code}）。</translation>
    </message>
    <message>
        <location filename="../../desktop/core/tokenizers/base.py" line="53"/>
        <source>{source} is not a tiktoken ranks file (line {line} is not &apos;base64 rank&apos;).</source>
        <translation>{source} 不是 tiktoken 词表文件（第 {line} 行不是“base64 rank”格式）。</translation>
    </message>
    <message>
        <location filename="../../desktop/core/tokenizers/base.py" line="58"/>
        <source>{source} holds no tokens.</source>
        <translation>{source} 中没有任何 token。</translation>
    </message>
    <message>
        <location filename="../../desktop/core/tokenizers/base.py" line="65"/>
        <source>tiktoken has no encoding named &apos;{name}&apos;.</source>
        <translation>tiktoken 没有名为“{name}”的编码。</translation>
    </message>
    <message>
        <location filename="../../desktop/core/tokenizers/base.py" line="68"/>
        <source>Known: {names}.</source>
        <translation>已知的编码：{names}。</translation>
    </message>
    <message>
        <location filename="../../desktop/core/tokenizers/base.py" line="72"/>
        <source>The tiktoken encoding &apos;{name}&apos; uses an older file format Tessera does not load.</source>
        <translation>tiktoken 编码“{name}”使用了 Tessera 不支持的旧文件格式。</translation>
    </message>
    <message>
        <location filename="../../desktop/core/tokenizers/base.py" line="79"/>
        <source>Use r50k_base, which has the same tokens.</source>
        <translation>请使用 r50k_base，它的 token 相同。</translation>
    </message>
    <message>
        <location filename="../../desktop/core/tokenizers/base.py" line="83"/>
        <source>The tiktoken encoding &apos;{name}&apos; is not available offline.</source>
        <translation>tiktoken 编码“{name}”在离线状态下不可用。</translation>
    </message>
    <message>
        <location filename="../../desktop/core/tokenizers/base.py" line="87"/>
        <source>The tiktoken encoding &apos;{name}&apos; is not available offline ({reason}).</source>
        <translation>tiktoken 编码“{name}”在离线状态下不可用（{reason}）。</translation>
    </message>
    <message>
        <location filename="../../desktop/core/tokenizers/base.py" line="93"/>
        <source>Connect to the internet once to download it, or copy {name}.tiktoken into {folder}.</source>
        <translation>请联网一次以下载它，或将 {name}.tiktoken 复制到 {folder}。</translation>
    </message>
    <message>
        <location filename="../../desktop/core/tokenizers/base.py" line="102"/>
        <source>&apos;{spec}&apos; needs the app&apos;s backends, not available here.</source>
        <translation>&apos;{spec}&apos; 需要应用中的后端，此处不可用。</translation>
    </message>
    <message>
        <location filename="../../desktop/core/tokenizers/base.py" line="106"/>
        <source>The backend {name} does not expose its tokenizer.</source>
        <translation>后端 {name} 未提供其分词器。</translation>
    </message>
    <message>
        <location filename="../../desktop/core/templates/render_budget.py" line="48"/>
        <source>This model&apos;s chat template did not finish in {seconds:g} s and was stopped. Use another chat template for this model (the Models page can override it).</source>
        <translation>此模型的聊天模板在 {seconds:g} 秒内未能完成，已被停止。请为此模型使用其他聊天模板（可在“模型”页面中覆盖）。</translation>
    </message>
    <message>
        <location filename="../../desktop/core/templates/render_budget.py" line="56"/>
        <source>This model&apos;s chat template produced more than {limit:,} characters and was stopped. Use another chat template for this model (the Models page can override it).</source>
        <translation>此模型的聊天模板生成了超过 {limit:,} 个字符，已被停止。请为此模型使用其他聊天模板（可在“模型”页面中覆盖）。</translation>
    </message>
    <message>
        <location filename="../../desktop/core/userfiles.py" line="25"/>
        <source>{path} is larger than {limit} MB, the most Tessera reads as {what} (reading stopped there).</source>
        <translation>{path} 大于 {limit} MB，这是 Tessera 读取{what}的上限（已在此处停止读取）。</translation>
    </message>
    <message>
        <location filename="../../desktop/core/userfiles.py" line="36"/>
        <source>{path} is not UTF-8 text (invalid bytes at offset {offset}).</source>
        <translation>{path} 不是 UTF-8 文本（偏移量 {offset} 处有无效字节）。</translation>
    </message>
    <message>
        <location filename="../../desktop/core/userfiles.py" line="45"/>
        <source>{path} is {kind}; Tessera writes only to files, named pipes and terminals.</source>
        <translation>{path} 是{kind}；Tessera 只写入文件、命名管道和终端。</translation>
    </message>
    <message>
        <location filename="../../desktop/core/userfiles.py" line="49"/>
        <source>a folder</source>
        <translation>一个文件夹</translation>
    </message>
    <message>
        <location filename="../../desktop/core/userfiles.py" line="51"/>
        <source>a block device (a disk)</source>
        <translation>一个块设备（磁盘）</translation>
    </message>
    <message>
        <location filename="../../desktop/core/userfiles.py" line="53"/>
        <source>a socket</source>
        <translation>一个套接字</translation>
    </message>
    <message>
        <location filename="../../desktop/core/userfiles.py" line="57"/>
        <source>a conversation import</source>
        <translation>导入的对话</translation>
    </message>
    <message>
        <location filename="../../desktop/core/userfiles.py" line="60"/>
        <source>an experiment file</source>
        <translation>实验文件</translation>
    </message>
    <message>
        <location filename="../../desktop/core/userfiles.py" line="63"/>
        <source>a variable&apos;s value</source>
        <translation>变量值</translation>
    </message>
    <message>
        <location filename="../../desktop/core/userfiles.py" line="66"/>
        <source>a tiktoken vocabulary</source>
        <translation>tiktoken 词表</translation>
    </message>
    <message>
        <location filename="../../desktop/core/backends/capabilities.py" line="20"/>
        <source>This server does not expose its tokenizer: counts use tiktoken o200k as an estimate.</source>
        <translation>此服务器未公开其分词器：计数使用 tiktoken o200k 估算。</translation>
    </message>
    <message>
        <location filename="../../desktop/core/backends/capabilities.py" line="27"/>
        <source>This server gives token ids but not their text: each token&apos;s text is looked up one by one.</source>
        <translation>此服务器只给出 token ID 而不给出其文本：每个 token 的文本需逐个查询。</translation>
    </message>
    <message>
        <location filename="../../desktop/core/backends/capabilities.py" line="35"/>
        <source>This server does not return token probabilities: its replies have no probability shading or alternatives.</source>
        <translation>此服务器不返回 token 概率：其回复没有概率着色和候选词。</translation>
    </message>
    <message>
        <location filename="../../desktop/core/backends/capabilities.py" line="43"/>
        <source>This server returns at most {count} alternatives per token (vLLM: raise it with --max-logprobs).</source>
        <translation>此服务器每个 token 最多返回 {count} 个候选词（vLLM：用 --max-logprobs 提高上限）。</translation>
    </message>
    <message>
        <location filename="../../desktop/core/backends/capabilities.py" line="51"/>
        <source>This server only takes chat messages, not a raw prompt: completion mode and branching from a chosen token are not possible here.</source>
        <translation>此服务器只接受聊天消息，不接受原始提示词：无法使用补全模式，也无法从选定的 token 分支。</translation>
    </message>
    <message>
        <location filename="../../desktop/core/backends/capabilities.py" line="59"/>
        <source>This server takes prompts as text, not token ids: a branch from a chosen token sends the token&apos;s text, which the server may cut into different tokens.</source>
        <translation>此服务器以文本而非 token ID 接收提示词：从选定 token 分支时发送的是该 token 的文本，服务器可能将其切分成不同的 token。</translation>
    </message>
    <message>
        <location filename="../../desktop/core/backends/capabilities.py" line="67"/>
        <source>This server does not show its chat template: the exact prompt the model reads cannot be displayed.</source>
        <translation>此服务器不显示其聊天模板：无法展示模型实际读取的完整提示词。</translation>
    </message>
    <message>
        <location filename="../../desktop/core/backends/capabilities.py" line="75"/>
        <source>This server cannot render a chat into its prompt text: the rendered prompt view is not available.</source>
        <translation>此服务器无法将聊天渲染为提示词文本：渲染后的提示词视图不可用。</translation>
    </message>
    <message>
        <location filename="../../desktop/core/backends/capabilities.py" line="83"/>
        <source>The server decides which models are loaded: pick one of its models instead.</source>
        <translation>由服务器决定加载哪些模型：请改为选择它提供的模型之一。</translation>
    </message>
    <message>
        <location filename="../../desktop/core/backends/capabilities.py" line="90"/>
        <source>This server does not compute embeddings.</source>
        <translation>此服务器不计算嵌入向量。</translation>
    </message>
    <message>
        <location filename="../../desktop/core/backends/capabilities.py" line="94"/>
        <source>The server ({server}) does not take GBNF grammars: choose JSON or a JSON Schema, or run the grammar on the local engine or llama-server.</source>
        <translation>服务器（{server}）不接受 GBNF 语法：请选择 JSON 或 JSON Schema，或在本地引擎或 llama-server 上使用该语法。</translation>
    </message>
    <message>
        <location filename="../../desktop/core/backends/capabilities.py" line="102"/>
        <source>The server ({server}) is not known to enforce JSON output or a JSON Schema: use the local engine, llama-server, vLLM, SGLang, Ollama or OpenAI for output formats.</source>
        <translation>未知服务器（{server}）能否强制 JSON 输出或 JSON Schema：如需输出格式，请使用本地引擎、llama-server、vLLM、SGLang、Ollama 或 OpenAI。</translation>
    </message>
    <message>
        <location filename="../../desktop/core/backends/capabilities.py" line="110"/>
        <source>The server ({server}) does not offer tool calling for this model: its chat template does not render tools, or the server runs without tool support (llama-server: --jinja).</source>
        <translation>服务器（{server}）未为此模型提供工具调用：其聊天模板不渲染工具，或服务器未启用工具支持（llama-server：--jinja）。</translation>
    </message>
    <message>
        <location filename="../../desktop/core/backends/config.py" line="21"/>
        <source>A backend name is 1-40 letters, digits, &apos;-&apos;, &apos;_&apos; or &apos;.&apos;, and not &apos;local&apos;: {name!r} is not one.</source>
        <translation>后端名称须为 1-40 个字母、数字、“-”、“_”或“.”，且不能是“local”：{name!r} 不符合要求。</translation>
    </message>
    <message>
        <location filename="../../desktop/core/backends/config.py" line="29"/>
        <source>A backend URL starts with http:// or https:// and names a host: not {url!r}.</source>
        <translation>后端 URL 须以 http:// 或 https:// 开头并包含主机名：{url!r} 不符合要求。</translation>
    </message>
    <message>
        <location filename="../../desktop/core/backends/config.py" line="36"/>
        <source>A backend kind is llama-server, openai or ollama: not {kind!r}.</source>
        <translation>后端类型须为 llama-server、openai 或 ollama：不能是 {kind!r}。</translation>
    </message>
    <message>
        <location filename="../../desktop/core/backends/errors.py" line="21"/>
        <source>Nothing answers at {url}: the connection was refused.</source>
        <translation>{url} 没有响应：连接被拒绝。</translation>
    </message>
    <message>
        <location filename="../../desktop/core/backends/errors.py" line="25"/>
        <source>Start the server, or check the address and port.</source>
        <translation>请启动服务器，或检查地址和端口。</translation>
    </message>
    <message>
        <location filename="../../desktop/core/backends/errors.py" line="28"/>
        <source>The host of {url} cannot be found.</source>
        <translation>找不到 {url} 的主机。</translation>
    </message>
    <message>
        <location filename="../../desktop/core/backends/errors.py" line="32"/>
        <source>Check the address, or your network connection.</source>
        <translation>请检查地址或网络连接。</translation>
    </message>
    <message>
        <location filename="../../desktop/core/backends/errors.py" line="36"/>
        <source>Tessera cannot reach {url}: {reason}</source>
        <translation>Tessera 无法连接到 {url}：{reason}</translation>
    </message>
    <message>
        <location filename="../../desktop/core/backends/errors.py" line="40"/>
        <source>A secure connection to {url} failed: {reason}</source>
        <translation>与 {url} 建立安全连接失败：{reason}</translation>
    </message>
    <message>
        <location filename="../../desktop/core/backends/errors.py" line="44"/>
        <source>If the server speaks plain HTTP, use an http:// address; if it uses its own certificate, add that certificate to the system&apos;s trusted certificates.</source>
        <translation>如果服务器使用普通 HTTP，请使用 http:// 地址；如果它使用自己的证书，请将该证书加入系统信任的证书。</translation>
    </message>
    <message>
        <location filename="../../desktop/core/backends/errors.py" line="52"/>
        <source>{url} did not accept a connection within {seconds} seconds.</source>
        <translation>{url} 在 {seconds} 秒内未接受连接。</translation>
    </message>
    <message>
        <location filename="../../desktop/core/backends/errors.py" line="58"/>
        <source>{url} stopped answering for {seconds} seconds.</source>
        <translation>{url} 已有 {seconds} 秒没有响应。</translation>
    </message>
    <message>
        <location filename="../../desktop/core/backends/errors.py" line="62"/>
        <source>The server may be busy loading a model or overloaded: try again shortly.</source>
        <translation>服务器可能正在加载模型或负载过高：请稍后重试。</translation>
    </message>
    <message>
        <location filename="../../desktop/core/backends/errors.py" line="67"/>
        <source>{url} asks for an API key (HTTP 401).</source>
        <translation>{url} 需要 API 密钥（HTTP 401）。</translation>
    </message>
    <message>
        <location filename="../../desktop/core/backends/errors.py" line="71"/>
        <source>{url} refused the API key (HTTP {status}).</source>
        <translation>{url} 拒绝了该 API 密钥（HTTP {status}）。</translation>
    </message>
    <message>
        <location filename="../../desktop/core/backends/errors.py" line="75"/>
        <source>Set the backend&apos;s key again: tessera backends add NAME URL --api-key-env VAR, or Settings &gt; Backends.</source>
        <translation>请重新设置该后端的密钥：tessera backends add NAME URL --api-key-env VAR，或在“设置 &gt; 后端”中设置。</translation>
    </message>
    <message>
        <location filename="../../desktop/core/backends/errors.py" line="83"/>
        <source>The server has no model named {model}.</source>
        <translation>服务器上没有名为 {model} 的模型。</translation>
    </message>
    <message>
        <location filename="../../desktop/core/backends/errors.py" line="87"/>
        <source>Pick one of its models: tessera backends probe {backend}.</source>
        <translation>请选择它提供的模型之一：tessera backends probe {backend}。</translation>
    </message>
    <message>
        <location filename="../../desktop/core/backends/errors.py" line="91"/>
        <source>The server at {url} has no {path} (HTTP 404).</source>
        <translation>{url} 上的服务器没有 {path}（HTTP 404）。</translation>
    </message>
    <message>
        <location filename="../../desktop/core/backends/errors.py" line="95"/>
        <source>Check the backend&apos;s kind and base URL (without /v1 for llama-server and Ollama).</source>
        <translation>请检查后端类型和基础 URL（llama-server 和 Ollama 不带 /v1）。</translation>
    </message>
    <message>
        <location filename="../../desktop/core/backends/errors.py" line="102"/>
        <source>The server is rate-limiting requests (HTTP 429).</source>
        <translation>服务器正在限制请求频率（HTTP 429）。</translation>
    </message>
    <message>
        <location filename="../../desktop/core/backends/errors.py" line="106"/>
        <source>It asks to wait {seconds} seconds before the next request.</source>
        <translation>它要求等待 {seconds} 秒后再发送下一个请求。</translation>
    </message>
    <message>
        <location filename="../../desktop/core/backends/errors.py" line="109"/>
        <source>Wait a little and try again.</source>
        <translation>请稍等片刻再试。</translation>
    </message>
    <message>
        <location filename="../../desktop/core/backends/errors.py" line="113"/>
        <source>The server failed (HTTP {status}): {reason}</source>
        <translation>服务器出错（HTTP {status}）：{reason}</translation>
    </message>
    <message>
        <location filename="../../desktop/core/backends/errors.py" line="117"/>
        <source>Tessera retried {tries} times. Check the server&apos;s log, then try again.</source>
        <translation>Tessera 已重试 {tries} 次。请查看服务器日志后再试。</translation>
    </message>
    <message>
        <location filename="../../desktop/core/backends/errors.py" line="123"/>
        <source>The server refused the request (HTTP {status}): {reason}</source>
        <translation>服务器拒绝了请求（HTTP {status}）：{reason}</translation>
    </message>
    <message>
        <location filename="../../desktop/core/backends/errors.py" line="127"/>
        <source>{url} redirected to another address ({location}); Tessera does not follow it, so the API key never leaves the configured server.</source>
        <translation>{url} 重定向到了另一个地址（{location}）；Tessera 不会跟随，因此 API 密钥不会离开所配置的服务器。</translation>
    </message>
    <message>
        <location filename="../../desktop/core/backends/errors.py" line="135"/>
        <source>If that address is right, use it as the backend&apos;s URL.</source>
        <translation>如果该地址正确，请将其用作后端 URL。</translation>
    </message>
    <message>
        <location filename="../../desktop/core/backends/errors.py" line="139"/>
        <source>The connection to the server broke mid-reply: the text so far was kept.</source>
        <translation>回复过程中与服务器的连接中断：已保留目前的文本。</translation>
    </message>
    <message>
        <location filename="../../desktop/core/backends/errors.py" line="145"/>
        <source>The server ended the reply before finishing it (another request may have interrupted it): the text so far was kept.</source>
        <translation>服务器在回复完成前结束了它（可能被另一个请求打断）：已保留目前的文本。</translation>
    </message>
    <message>
        <location filename="../../desktop/core/backends/errors.py" line="153"/>
        <source>The server at {url} sent an answer Tessera cannot read: {reason}</source>
        <translation>{url} 上的服务器返回了 Tessera 无法读取的应答：{reason}</translation>
    </message>
    <message>
        <location filename="../../desktop/core/backends/errors.py" line="158"/>
        <source>{backend}: {reason}</source>
        <translation>{backend}：{reason}</translation>
    </message>
    <message>
        <location filename="../../desktop/core/backends/generation.py" line="45"/>
        <source>Reading the reply failed: {error}</source>
        <translation>读取回复失败：{error}</translation>
    </message>
    <message>
        <location filename="../../desktop/core/backends/generation.py" line="52"/>
        <source>The server stopped the reply with an error: {reason}</source>
        <translation>服务器因错误停止了回复：{reason}</translation>
    </message>
    <message>
        <location filename="../../desktop/core/backends/openai_compat.py" line="51"/>
        <source>llama-cpp-python&apos;s server stops a running reply when another request arrives: Tessera sends it one request at a time.</source>
        <translation>llama-cpp-python 的服务器在收到新请求时会停止正在进行的回复：Tessera 每次只向它发送一个请求。</translation>
    </message>
    <message>
        <location filename="../../desktop/core/backends/openai_compat.py" line="60"/>
        <source>llama-cpp-python&apos;s server returns tool calls only when one tool is forced (tool_choice naming it); with auto, a call stays in the reply&apos;s text.</source>
        <translation>llama-cpp-python 的服务器只在强制使用某个工具（tool_choice 指定其名称）时返回工具调用；使用 auto 时，调用会留在回复文本中。</translation>
    </message>
    <message>
        <location filename="../../desktop/core/backends/openai_compat.py" line="68"/>
        <source>This server calls tools only when a call is required or one tool is named: for tool_choice auto, vLLM needs --enable-auto-tool-choice and --tool-call-parser.</source>
        <translation>此服务器只在要求调用或指定某个工具时才调用工具：要使用 tool_choice auto，vLLM 需要 --enable-auto-tool-choice 和 --tool-call-parser。</translation>
    </message>
    <message>
        <location filename="../../desktop/core/backends/openai_compat.py" line="77"/>
        <source>This server cannot continue an unfinished reply (it needs vLLM&apos;s continue_final_message or a raw-prompt endpoint with the rendered chat).</source>
        <translation>此服务器无法续写未完成的回复（需要 vLLM 的 continue_final_message，或支持原始提示词并能渲染聊天的接口）。</translation>
    </message>
    <message>
        <location filename="../../desktop/core/backends/probe.py" line="21"/>
        <source>{url} answers, but not like llama-server, Ollama or an OpenAI-compatible server.</source>
        <translation>{url} 有响应，但不像 llama-server、Ollama 或 OpenAI 兼容服务器。</translation>
    </message>
    <message>
        <location filename="../../desktop/core/backends/probe.py" line="28"/>
        <source>Check the address: it is the server&apos;s base URL, e.g. http://host:8080 for llama-server or http://host:11434 for Ollama.</source>
        <translation>请检查地址：应为服务器的基础 URL，例如 llama-server 为 http://host:8080，Ollama 为 http://host:11434。</translation>
    </message>
    <message>
        <location filename="../../desktop/core/backends/probe.py" line="33"/>
        <source>This backend is set up as {configured}, but the server looks like {detected}: choose --kind {detected} to use all it offers.</source>
        <translation>此后端配置为 {configured}，但服务器看起来是 {detected}：请选择 --kind {detected} 以使用其全部功能。</translation>
    </message>
    <message>
        <location filename="../../desktop/core/backends/remote.py" line="47"/>
        <source>The server lists no model to use: give one with --remote-model ID, or set the backend&apos;s default model.</source>
        <translation>服务器没有列出可用模型：请用 --remote-model ID 指定，或设置该后端的默认模型。</translation>
    </message>
    <message>
        <location filename="../../desktop/core/backends/remote.py" line="55"/>
        <source>Checking {what} failed: {reason}</source>
        <translation>检查 {what} 失败：{reason}</translation>
    </message>
    <message>
        <location filename="../../desktop/core/templates/choice.py" line="24"/>
        <source>Chat template from the model file.</source>
        <translation>聊天模板来自模型文件。</translation>
    </message>
    <message>
        <location filename="../../desktop/core/templates/choice.py" line="28"/>
        <source>Chat template {name}, chosen by you for this model.</source>
        <translation>聊天模板 {name}，由你为此模型选择。</translation>
    </message>
    <message>
        <location filename="../../desktop/core/templates/choice.py" line="32"/>
        <source>Your own chat template for this model.</source>
        <translation>你为此模型提供的自定义聊天模板。</translation>
    </message>
    <message>
        <location filename="../../desktop/core/templates/choice.py" line="36"/>
        <source>The file has no chat template: {name} chosen for architecture {architecture}.</source>
        <translation>文件没有聊天模板：根据架构 {architecture} 选择了 {name}。</translation>
    </message>
    <message>
        <location filename="../../desktop/core/templates/choice.py" line="43"/>
        <source>The file has no chat template: {name} chosen for the name {model}.</source>
        <translation>文件没有聊天模板：根据名称 {model} 选择了 {name}。</translation>
    </message>
    <message>
        <location filename="../../desktop/core/templates/choice.py" line="49"/>
        <source>The file has no chat template: {name} chosen for its special tokens {tokens}.</source>
        <translation>文件没有聊天模板：根据其特殊 token {tokens} 选择了 {name}。</translation>
    </message>
    <message>
        <location filename="../../desktop/core/templates/choice.py" line="56"/>
        <source>ChatML fallback: the file has no chat template and nothing in it says which format the model was trained with.</source>
        <translation>ChatML 兜底：文件没有聊天模板，也没有任何信息说明模型训练时使用的格式。</translation>
    </message>
    <message>
        <location filename="../../desktop/core/templates/choice.py" line="64"/>
        <source>{model} looks like a base model: it has no chat template and nothing in its name or metadata says instruct or chat. Base models continue text; Completion mode is the place for them.</source>
        <translation>{model} 看起来是基础模型：它没有聊天模板，名称和元数据中也没有表明 instruct 或 chat。基础模型用于续写文本；补全模式才是它们的用武之地。</translation>
    </message>
    <message>
        <location filename="../../desktop/core/templates/choice.py" line="74"/>
        <source>From the GGUF file</source>
        <translation>来自 GGUF 文件</translation>
    </message>
    <message>
        <location filename="../../desktop/core/templates/choice.py" line="77"/>
        <source>{name}: chosen by you</source>
        <translation>{name}：由你选择</translation>
    </message>
    <message>
        <location filename="../../desktop/core/templates/choice.py" line="80"/>
        <source>Your own Jinja template</source>
        <translation>你自己的 Jinja 模板</translation>
    </message>
    <message>
        <location filename="../../desktop/core/templates/choice.py" line="84"/>
        <source>{name}: known architecture {architecture}</source>
        <translation>{name}：已知架构 {architecture}</translation>
    </message>
    <message>
        <location filename="../../desktop/core/templates/choice.py" line="87"/>
        <source>{name}: known family {family}</source>
        <translation>{name}：已知模型系列 {family}</translation>
    </message>
    <message>
        <location filename="../../desktop/core/templates/choice.py" line="90"/>
        <source>{name}: from its special tokens</source>
        <translation>{name}：根据其特殊 token</translation>
    </message>
    <message>
        <location filename="../../desktop/core/templates/choice.py" line="94"/>
        <source>ChatML: fallback, nothing in the file says</source>
        <translation>ChatML：兜底，文件中没有任何说明</translation>
    </message>
    <message>
        <location filename="../../desktop/core/templates/choice.py" line="98"/>
        <source>None: base model, Completion mode ({name} if chatted)</source>
        <translation>无：基础模型，使用补全模式（聊天时用 {name}）</translation>
    </message>
    <message>
        <location filename="../../desktop/core/server/config.py" line="26"/>
        <source>Serving on {host} needs an API key: anyone who can reach that address could use the model and read what it is sent.</source>
        <translation>在 {host} 上提供服务需要 API 密钥：否则任何能访问该地址的人都能使用模型并读取发给它的内容。</translation>
    </message>
    <message>
        <location filename="../../desktop/core/server/config.py" line="34"/>
        <source>Put a key in an environment variable and pass --api-key-env VARIABLE, or serve on 127.0.0.1.</source>
        <translation>请把密钥放进环境变量并传入 --api-key-env 变量名，或改为在 127.0.0.1 上提供服务。</translation>
    </message>
    <message>
        <location filename="../../desktop/core/server/config.py" line="42"/>
        <source>{origin} is not a web origin: write it as scheme://host[:port], e.g. http://localhost:3000.</source>
        <translation>{origin} 不是网页来源：请写成 scheme://host[:port] 的形式，例如 http://localhost:3000。</translation>
    </message>
    <message>
        <location filename="../../desktop/core/server/config.py" line="50"/>
        <source>The port must be between 0 and 65535, not {port}.</source>
        <translation>端口必须在 0 到 65535 之间，而不是 {port}。</translation>
    </message>
    <message>
        <location filename="../../desktop/core/server/config.py" line="54"/>
        <source>{name} must be at least {minimum}, not {value}.</source>
        <translation>{name} 至少应为 {minimum}，而不是 {value}。</translation>
    </message>
    <message>
        <location filename="../../desktop/core/server/errors.py" line="20"/>
        <source>The request body is not valid JSON: {reason}</source>
        <translation>请求正文不是有效的 JSON：{reason}</translation>
    </message>
    <message>
        <location filename="../../desktop/core/server/errors.py" line="24"/>
        <source>The request body must be a JSON object.</source>
        <translation>请求正文必须是一个 JSON 对象。</translation>
    </message>
    <message>
        <location filename="../../desktop/core/server/errors.py" line="28"/>
        <source>The request body is larger than {limit} bytes.</source>
        <translation>请求正文超过了 {limit} 字节。</translation>
    </message>
    <message>
        <location filename="../../desktop/core/server/errors.py" line="32"/>
        <source>This server needs an API key: send it as the header Authorization: Bearer KEY.</source>
        <translation>此服务器需要 API 密钥：请用请求头 Authorization: Bearer KEY 发送。</translation>
    </message>
    <message>
        <location filename="../../desktop/core/server/errors.py" line="38"/>
        <source>The API key is not correct.</source>
        <translation>API 密钥不正确。</translation>
    </message>
    <message>
        <location filename="../../desktop/core/server/errors.py" line="42"/>
        <source>There is no model {model} here; GET /v1/models lists the models this server has.</source>
        <translation>这里没有名为 {model} 的模型；GET /v1/models 会列出此服务器上的模型。</translation>
    </message>
    <message>
        <location filename="../../desktop/core/server/errors.py" line="48"/>
        <source>There is no {method} {path} here.</source>
        <translation>这里没有 {method} {path}。</translation>
    </message>
    <message>
        <location filename="../../desktop/core/server/errors.py" line="52"/>
        <source>The server is busy: {waiting} requests are already waiting. Try again in {seconds} seconds.</source>
        <translation>服务器繁忙：已有 {waiting} 个请求在等待。请在 {seconds} 秒后重试。</translation>
    </message>
    <message>
        <location filename="../../desktop/core/server/errors.py" line="60"/>
        <source>The engine stopped while working on this request ({reason}). The next request loads the model again.</source>
        <translation>处理此请求时引擎停止了（{reason}）。下一个请求会重新加载模型。</translation>
    </message>
    <message>
        <location filename="../../desktop/core/server/errors.py" line="68"/>
        <source>The model could not be loaded again: {reason}</source>
        <translation>无法重新加载模型：{reason}</translation>
    </message>
    <message>
        <location filename="../../desktop/core/server/errors.py" line="72"/>
        <source>No model is loaded to answer this request.</source>
        <translation>没有已加载的模型来回答此请求。</translation>
    </message>
    <message>
        <location filename="../../desktop/core/server/errors.py" line="76"/>
        <source>The backend {backend} failed: {reason}</source>
        <translation>后端 {backend} 出错：{reason}</translation>
    </message>
    <message>
        <location filename="../../desktop/core/server/errors.py" line="80"/>
        <source>The backend {backend} cannot do this: {reason}</source>
        <translation>后端 {backend} 无法做到这一点：{reason}</translation>
    </message>
    <message>
        <location filename="../../desktop/core/server/errors.py" line="84"/>
        <source>The server is shutting down; the reply was stopped.</source>
        <translation>服务器正在关闭；回复已停止。</translation>
    </message>
    <message>
        <location filename="../../desktop/core/server/errors.py" line="88"/>
        <source>The server failed unexpectedly: {reason}</source>
        <translation>服务器意外出错：{reason}</translation>
    </message>
    <message>
        <location filename="../../desktop/core/server/http_server.py" line="31"/>
        <source>Cannot listen on {host} port {port}: {reason}</source>
        <translation>无法在 {host} 的端口 {port} 上监听：{reason}</translation>
    </message>
    <message>
        <location filename="../../desktop/core/server/http_server.py" line="35"/>
        <source>Pick another port with --port, or stop the program using this one.</source>
        <translation>请用 --port 选择其他端口，或停止正在使用此端口的程序。</translation>
    </message>
    <message>
        <location filename="../../desktop/core/server/parameters.py" line="37"/>
        <source>{param} {reason}, not {value}.</source>
        <translation>{param} {reason}，而不是 {value}。</translation>
    </message>
    <message>
        <location filename="../../desktop/core/server/parameters.py" line="39"/>
        <source>{param} is required.</source>
        <translation>缺少必填参数 {param}。</translation>
    </message>
    <message>
        <location filename="../../desktop/core/server/parameters.py" line="41"/>
        <source>{param} can only be used with {other}.</source>
        <translation>{param} 只能与 {other} 一起使用。</translation>
    </message>
    <message>
        <location filename="../../desktop/core/server/parameters.py" line="45"/>
        <source>{param} is not supported here: {reason}</source>
        <translation>此处不支持 {param}：{reason}</translation>
    </message>
    <message>
        <location filename="../../desktop/core/server/parameters.py" line="48"/>
        <source>must be between {low} and {high}</source>
        <translation>必须在 {low} 到 {high} 之间</translation>
    </message>
    <message>
        <location filename="../../desktop/core/server/parameters.py" line="51"/>
        <source>must be at least {low}</source>
        <translation>至少应为 {low}</translation>
    </message>
    <message>
        <location filename="../../desktop/core/server/parameters.py" line="54"/>
        <source>must be a non-empty list of messages</source>
        <translation>必须是非空的消息列表</translation>
    </message>
    <message>
        <location filename="../../desktop/core/server/parameters.py" line="57"/>
        <source>must be a JSON object</source>
        <translation>必须是 JSON 对象</translation>
    </message>
    <message>
        <location filename="../../desktop/core/server/parameters.py" line="61"/>
        <source>must be one of system, developer, user, assistant, tool</source>
        <translation>必须是 system、developer、user、assistant、tool 之一</translation>
    </message>
    <message>
        <location filename="../../desktop/core/server/parameters.py" line="65"/>
        <source>must be text or a list of text parts</source>
        <translation>必须是文本或文本片段列表</translation>
    </message>
    <message>
        <location filename="../../desktop/core/server/parameters.py" line="69"/>
        <source>must be text, or a list of token ids</source>
        <translation>必须是文本或词元 ID 列表</translation>
    </message>
    <message>
        <location filename="../../desktop/core/server/parameters.py" line="72"/>
        <source>must be a list of token ids</source>
        <translation>必须是词元 ID 列表</translation>
    </message>
    <message>
        <location filename="../../desktop/core/server/parameters.py" line="76"/>
        <source>must map token ids to numbers between -100 and 100, as in {example}</source>
        <translation>必须把词元 ID 映射到 -100 到 100 之间的数字，例如 {example}</translation>
    </message>
    <message>
        <location filename="../../desktop/core/server/parameters.py" line="81"/>
        <source>must hold at most {count} texts</source>
        <translation>最多只能包含 {count} 段文本</translation>
    </message>
    <message>
        <location filename="../../desktop/core/server/parameters.py" line="85"/>
        <source>this server generates one choice per request (n = 1)</source>
        <translation>此服务器每个请求只生成一个候选（n = 1）</translation>
    </message>
    <message>
        <location filename="../../desktop/core/server/parameters.py" line="89"/>
        <source>this server completes one prompt per request</source>
        <translation>此服务器每个请求只补全一个提示</translation>
    </message>
    <message>
        <location filename="../../desktop/core/server/parameters.py" line="93"/>
        <source>this server reads text only (no images or audio)</source>
        <translation>此服务器只读取文本（不支持图像或音频）</translation>
    </message>
    <message>
        <location filename="../../desktop/core/server/parameters.py" line="97"/>
        <source>the reply never repeats the prompt here</source>
        <translation>此处的回复从不重复提示</translation>
    </message>
    <message>
        <location filename="../../desktop/core/server/parameters.py" line="101"/>
        <source>fill-in-the-middle is not available</source>
        <translation>不支持中间填充（fill-in-the-middle）</translation>
    </message>
    <message>
        <location filename="../../desktop/core/backends/formats.py" line="33"/>
        <source>The server ({server}) enforces output formats on chat messages only, not on a raw prompt.</source>
        <translation>服务器（{server}）只对聊天消息强制输出格式，不适用于原始提示词。</translation>
    </message>
    <message>
        <location filename="../../desktop/core/backends/formats.py" line="40"/>
        <source>Tools need chat messages: a raw prompt or a branch from a chosen token cannot call tools on a server.</source>
        <translation>工具需要聊天消息：原始提示词或从所选 token 开始的分支无法在服务器上调用工具。</translation>
    </message>
    <message>
        <location filename="../../desktop/core/backends/formats.py" line="48"/>
        <source>The server ({server}) cannot force a tool call (tool_choice {choice}): use auto, or a backend that can (the local engine, llama-server, vLLM).</source>
        <translation>服务器（{server}）无法强制工具调用（tool_choice {choice}）：请使用 auto，或使用支持的后端（本地引擎、llama-server、vLLM）。</translation>
    </message>
    <message>
        <location filename="../../desktop/core/backends/formats.py" line="56"/>
        <source>The server ({server}) was sent a tool-call grammar made for the local engine: tools on a server go to the server itself.</source>
        <translation>发送给服务器（{server}）的是为本地引擎生成的工具调用语法：服务器上的工具应交由服务器自身处理。</translation>
    </message>
    <message>
        <location filename="../../desktop/core/compare/from_chat.py" line="19"/>
        <source>There is no user message before this one to compare on.</source>
        <translation>此消息之前没有可用于对比的用户消息。</translation>
    </message>
    <message>
        <location filename="../../desktop/core/compare/pane_run.py" line="45"/>
        <source>Saved backends are not available here, so {name} is not.</source>
        <translation>此处无法使用已保存的后端，因此 {name} 不可用。</translation>
    </message>
    <message>
        <location filename="../../desktop/core/compare/pane_run.py" line="49"/>
        <source>{name} could not be loaded: {reason}</source>
        <translation>无法加载 {name}：{reason}</translation>
    </message>
    <message>
        <location filename="../../desktop/core/compare/schedule.py" line="38"/>
        <source>Every target runs on a server: all run at the same time.</source>
        <translation>所有目标都在服务器上运行：它们同时运行。</translation>
    </message>
    <message>
        <location filename="../../desktop/core/compare/schedule.py" line="42"/>
        <source>One target runs on this machine and the others on servers: all run at the same time.</source>
        <translation>一个目标在本机运行，其余在服务器上运行：它们同时运行。</translation>
    </message>
    <message>
        <location filename="../../desktop/core/compare/schedule.py" line="49"/>
        <source>The {count} local models run at the same time: together they need about {need} of RAM, and {free} is free.</source>
        <translation>{count} 个本地模型同时运行：它们合计约需 {need} 内存，当前可用 {free}。</translation>
    </message>
    <message>
        <location filename="../../desktop/core/compare/schedule.py" line="57"/>
        <source>The {count} local models run at the same time: together they need about {need} of RAM and {vram_need} of GPU memory, and {free} and {vram_free} are free.</source>
        <translation>{count} 个本地模型同时运行：它们合计约需 {need} 内存和 {vram_need} 显存，当前分别可用 {free} 和 {vram_free}。</translation>
    </message>
    <message>
        <location filename="../../desktop/core/compare/schedule.py" line="65"/>
        <source>The {count} local models run one after another: together they would need about {need} of RAM, more than the {free} free.</source>
        <translation>{count} 个本地模型依次运行：同时运行约需 {need} 内存，超过了可用的 {free}。</translation>
    </message>
    <message>
        <location filename="../../desktop/core/compare/schedule.py" line="73"/>
        <source>The {count} local models run one after another: together they would need about {need} of GPU memory, more than the {free} free.</source>
        <translation>{count} 个本地模型依次运行：同时运行约需 {need} 显存，超过了可用的 {free}。</translation>
    </message>
    <message>
        <location filename="../../desktop/core/compare/schedule.py" line="81"/>
        <source>The local models run one after another: {name} cannot be read, so whether they fit in memory together is unknown.</source>
        <translation>本地模型依次运行：无法读取 {name}，因此无法判断它们能否同时放入内存。</translation>
    </message>
    <message>
        <location filename="../../desktop/core/compare/schedule.py" line="89"/>
        <source>{backend} serves {slots} request(s) at a time: its {count} targets take turns.</source>
        <translation>{backend} 一次只处理 {slots} 个请求：它的 {count} 个目标轮流运行。</translation>
    </message>
    <message>
        <location filename="../../desktop/core/compare/session.py" line="50"/>
        <source>A comparison has 2 to 4 targets, not {count}.</source>
        <translation>一次对比需要 2 到 4 个目标，而不是 {count} 个。</translation>
    </message>
    <message>
        <location filename="../../desktop/core/compare/session.py" line="54"/>
        <source>The previous message is still being answered: wait, or stop it first.</source>
        <translation>上一条消息仍在回复中：请等待，或先停止它。</translation>
    </message>
    <message>
        <location filename="../../desktop/core/compare/session.py" line="58"/>
        <source>The message is empty.</source>
        <translation>消息为空。</translation>
    </message>
    <message>
        <location filename="../../desktop/core/compare/session.py" line="60"/>
        <source>This comparison has been closed.</source>
        <translation>此对比已关闭。</translation>
    </message>
    <message>
        <location filename="../../desktop/core/compare/target.py" line="25"/>
        <source>The template {name} is a completion template: compare sends chat messages, so use a chat template.</source>
        <translation>模板 {name} 是补全模板：对比发送的是聊天消息，请使用聊天模板。</translation>
    </message>
    <message>
        <location filename="../../desktop/core/compare/target.py" line="33"/>
        <source>The template {name} needs values for {names}: compare fills one variable with your message, so use a template with one variable without a default.</source>
        <translation>模板 {name} 需要 {names} 的值：对比只会用你的消息填充一个变量，请使用只有一个无默认值变量的模板。</translation>
    </message>
    <message>
        <location filename="../../desktop/core/compare/target.py" line="41"/>
        <source>The template {name} cannot be rendered: {reason}</source>
        <translation>无法渲染模板 {name}：{reason}</translation>
    </message>
    <message>
        <location filename="../../desktop/core/compare/target_spec.py" line="32"/>
        <source>A target is model:PATH or backend:NAME[/MODEL], then optional key=value settings separated by commas: {spec!r} is neither.</source>
        <translation>目标的写法是 model:路径 或 backend:名称[/模型]，后面可跟以逗号分隔的 key=value 设置：{spec!r} 两者都不是。</translation>
    </message>
    <message>
        <location filename="../../desktop/core/compare/target_spec.py" line="40"/>
        <source>The target {spec!r} names no model file after model:.</source>
        <translation>目标 {spec!r} 在 model: 之后没有给出模型文件。</translation>
    </message>
    <message>
        <location filename="../../desktop/core/compare/target_spec.py" line="44"/>
        <source>The target {spec!r} names no backend after backend:.</source>
        <translation>目标 {spec!r} 在 backend: 之后没有给出后端。</translation>
    </message>
    <message>
        <location filename="../../desktop/core/compare/target_spec.py" line="48"/>
        <source>In the target {spec!r}, {item!r} is not a setting: write key=value.</source>
        <translation>目标 {spec!r} 中，{item!r} 不是设置项：请写成 key=value。</translation>
    </message>
    <message>
        <location filename="../../desktop/core/compare/target_spec.py" line="54"/>
        <source>In the target {spec!r}, {key!r} is not a setting. Settings: {known}.</source>
        <translation>目标 {spec!r} 中，{key!r} 不是设置项。可用设置：{known}。</translation>
    </message>
    <message>
        <location filename="../../desktop/core/compare/target_spec.py" line="61"/>
        <source>In the target {spec!r}, {key} is given twice.</source>
        <translation>目标 {spec!r} 中，{key} 被设置了两次。</translation>
    </message>
    <message>
        <location filename="../../desktop/core/compare/target_spec.py" line="65"/>
        <source>In the target {spec!r}, {key} is a load setting for local model files: a server loads its models itself.</source>
        <translation>目标 {spec!r} 中，{key} 是本地模型文件的加载设置：服务器会自行加载它的模型。</translation>
    </message>
    <message>
        <location filename="../../desktop/core/compare/target_spec.py" line="73"/>
        <location filename="../../desktop/core/compare/target_spec.py" line="88"/>
        <source>In the target {spec!r}: {reason}</source>
        <translation>目标 {spec!r}：{reason}</translation>
    </message>
    <message>
        <location filename="../../desktop/core/compare/target_spec.py" line="77"/>
        <source>The target {spec!r} has a quote that is never closed.</source>
        <translation>目标 {spec!r} 中有未闭合的引号。</translation>
    </message>
    <message>
        <location filename="../../desktop/core/compare/target_spec.py" line="81"/>
        <source>Prompt templates are not available here, so template={name} cannot be used.</source>
        <translation>此处无法使用提示词模板，因此不能使用 template={name}。</translation>
    </message>
    <message>
        <location filename="../../desktop/core/compare/target_spec.py" line="92"/>
        <source>In the target {spec!r}, template={value} has no version number after @ (write template=NAME or template=NAME@3).</source>
        <translation>目标 {spec!r} 中，template={value} 的 @ 之后没有版本号（请写成 template=名称 或 template=名称@3）。</translation>
    </message>
    <message>
        <location filename="../../desktop/core/store/comparisons.py" line="40"/>
        <source>Run {id} is an experiment run, not a comparison.</source>
        <translation>运行 {id} 是实验运行，不是对比。</translation>
    </message>
    <message>
        <location filename="../../desktop/core/store/comparisons.py" line="44"/>
        <source>Comparison {id} cannot be read: its saved panes or turns are damaged ({reason}). Its replies are still listed on the Experiments page.</source>
        <translation>无法读取对比 {id}：其保存的窗格或轮次已损坏（{reason}）。其回复仍列在“实验”页面中。</translation>
    </message>
    <message>
        <location filename="../../desktop/core/store/comparisons.py" line="52"/>
        <source>Run {id} has no reply of pane {pane} in turn {turn}.</source>
        <translation>运行 {id} 在第 {turn} 轮中没有窗格 {pane} 的回复。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/agent_turn.py" line="60"/>
        <source>The window closed before this step finished.</source>
        <translation>此步骤完成前窗口已关闭。</translation>
    </message>
    <message>
        <location filename="../../desktop/core/models/first_model.py" line="61"/>
        <source>It runs entirely on your GPU ({vram} free), so replies come fast.</source>
        <translation>它可以完全在你的 GPU 上运行（可用 {vram}），回复很快。</translation>
    </message>
    <message>
        <location filename="../../desktop/core/models/first_model.py" line="68"/>
        <source>No usable GPU was found: a small model answers quickly on the processor alone.</source>
        <translation>未找到可用的 GPU：小模型仅靠处理器也能快速回答。</translation>
    </message>
    <message>
        <location filename="../../desktop/core/models/first_model.py" line="75"/>
        <source>A GPU was found, but this llama.cpp build runs on the processor only: a small model answers quickly there.</source>
        <translation>找到了 GPU，但此 llama.cpp 版本只能在处理器上运行：小模型在处理器上也能快速回答。</translation>
    </message>
    <message>
        <location filename="../../desktop/core/models/first_model.py" line="83"/>
        <source>Your GPU has too little free memory ({vram}) for a larger model: a small one answers quickly on the processor.</source>
        <translation>你的 GPU 可用显存太少（{vram}），放不下更大的模型：小模型在处理器上也能快速回答。</translation>
    </message>
    <message>
        <location filename="../../desktop/core/models/first_model.py" line="91"/>
        <source>{endpoint} has none of the suggested models ({repos}).</source>
        <translation>{endpoint} 上没有任何推荐的模型（{repos}）。</translation>
    </message>
    <message>
        <location filename="../../desktop/core/engine/turns.py" line="28"/>
        <source>The API server is answering a request with this model right now.</source>
        <translation>API 服务器正在用这个模型回答一个请求。</translation>
    </message>
    <message>
        <location filename="../../desktop/core/engine/turns.py" line="34"/>
        <source>Try again when it is done (the Server page shows it), or stop the server.</source>
        <translation>等它完成后再试（服务器页面会显示），或停止服务器。</translation>
    </message>
    <message>
        <location filename="../../desktop/core/engine/turns.py" line="41"/>
        <source>The chat or an experiment run is generating with this model right now.</source>
        <translation>聊天或一次实验运行正在用这个模型生成。</translation>
    </message>
    <message>
        <location filename="../../desktop/core/engine/turns.py" line="47"/>
        <source>API requests wait until it is done.</source>
        <translation>API 请求会等它完成。</translation>
    </message>
    <message>
        <location filename="../../desktop/core/server/job.py" line="57"/>
        <source>{param} cannot be used with the backend {backend}: {reason}</source>
        <translation>{param} 不能用于后端 {backend}：{reason}</translation>
    </message>
    <message>
        <location filename="../../desktop/core/server/prompt.py" line="26"/>
        <source>The backend renders the tools into the prompt itself, out of sight.</source>
        <translation>后端会自行把工具渲染进提示词，这里看不到。</translation>
    </message>
    <message>
        <location filename="../../desktop/core/server/structured.py" line="26"/>
        <source>{param} is OpenAI&apos;s retired way to call functions: send tools and tool_choice instead.</source>
        <translation>{param} 是 OpenAI 已停用的函数调用方式：请改为发送 tools 和 tool_choice。</translation>
    </message>
    <message>
        <location filename="../../desktop/core/server/structured.py" line="33"/>
        <source>{param} must be a list of {{&quot;id&quot;: ..., &quot;type&quot;: &quot;function&quot;, &quot;function&quot;: {{&quot;name&quot;: ..., &quot;arguments&quot;: &quot;...&quot;}}}}.</source>
        <translation>{param} 必须是由 {{&quot;id&quot;: ..., &quot;type&quot;: &quot;function&quot;, &quot;function&quot;: {{&quot;name&quot;: ..., &quot;arguments&quot;: &quot;...&quot;}}}} 组成的列表。</translation>
    </message>
    <message>
        <location filename="../../desktop/core/server/structured.py" line="41"/>
        <source>{param} needs tool_call_id: the id of the tool call it answers.</source>
        <translation>{param} 需要 tool_call_id：它所回答的工具调用的 id。</translation>
    </message>
    <message>
        <location filename="../../desktop/core/compare/reopen.py" line="30"/>
        <source>The model file {name} is no longer at {path}. This pane shows its saved replies; new messages cannot be answered in it until the file is back.</source>
        <translation>模型文件 {name} 已不在 {path}。此窗格显示已保存的回复；在文件恢复之前，它无法回答新消息。</translation>
    </message>
    <message>
        <location filename="../../desktop/core/compare/reopen.py" line="38"/>
        <source>Pane {pane} has no saved reply to message {turn}.</source>
        <translation>窗格 {pane} 没有对第 {turn} 条消息的已保存回复。</translation>
    </message>
    <message>
        <location filename="../../desktop/core/compare/reopen.py" line="42"/>
        <source>This comparison cannot be reopened in Compare: it has {count} saved panes, and a comparison has 2 to 4. Its replies are still listed on the Experiments page.</source>
        <translation>无法在“对比”中重新打开此对比：它保存了 {count} 个窗格，而对比需要 2 到 4 个。其回复仍列在“实验”页面中。</translation>
    </message>
</context>
<context>
    <name>DocumentsPanel</name>
    <message>
        <location filename="../../desktop/ui/knowledge/documents_panel.py" line="30"/>
        <source>All files</source>
        <translation>全部文件</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/knowledge/documents_panel.py" line="31"/>
        <source>Indexed</source>
        <translation>已索引</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/knowledge/documents_panel.py" line="32"/>
        <source>Skipped</source>
        <translation>已跳过</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/knowledge/documents_panel.py" line="33"/>
        <source>Waiting</source>
        <translation>等待中</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/knowledge/documents_panel.py" line="41"/>
        <source>Double-click a file to see how it was cut into chunks.</source>
        <translation>双击文件，查看它是如何被切分成分块的。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/knowledge/documents_panel.py" line="63"/>
        <source>%1 indexed, %2 skipped, %3 waiting</source>
        <translation>已索引 %1 个，已跳过 %2 个，等待中 %3 个</translation>
    </message>
</context>
<context>
    <name>DownloadQueueWidget</name>
    <message>
        <location filename="../../desktop/ui/models/download_queue.py" line="63"/>
        <source>Pause</source>
        <translation>暂停</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/models/download_queue.py" line="64"/>
        <source>Resume</source>
        <translation>继续</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/models/download_queue.py" line="65"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/models/download_queue.py" line="66"/>
        <source>Clear finished</source>
        <translation>清除已完成</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/models/download_queue.py" line="76"/>
        <source>Downloads</source>
        <translation>下载</translation>
    </message>
</context>
<context>
    <name>DownloadStatus</name>
    <message>
        <location filename="../../desktop/ui/models/download_status.py" line="46"/>
        <source>Downloads: click to see them on the Models page</source>
        <translation>下载：点击在“模型”页面查看</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/models/download_status.py" line="71"/>
        <source>Downloading %1: %2</source>
        <translation>正在下载 %1：%2</translation>
    </message>
    <message numerus="yes">
        <location filename="../../desktop/ui/models/download_status.py" line="73"/>
        <source>Downloading %n model(s): %2</source>
        <translation>
            <numerusform>正在下载 %n 个模型：%2</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>DownloadText</name>
    <message>
        <location filename="../../desktop/ui/models/download_text.py" line="13"/>
        <source>%1 of %2</source>
        <translation>%1 / %2</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/models/download_text.py" line="21"/>
        <source>%1/s</source>
        <translation>%1/秒</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/models/download_text.py" line="30"/>
        <source>about %1 s left</source>
        <translation>约剩 %1 秒</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/models/download_text.py" line="35"/>
        <source>about %1 min left</source>
        <translation>约剩 %1 分钟</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/models/download_text.py" line="39"/>
        <source>about %1 h %2 min left</source>
        <translation>约剩 %1 小时 %2 分钟</translation>
    </message>
</context>
<context>
    <name>EngineSession</name>
    <message>
        <location filename="../../desktop/ui/chat/engine_session.py" line="198"/>
        <source>The local model is busy: %1.</source>
        <translation>本地模型正忙：%1。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/engine_session.py" line="199"/>
        <source>Wait for it to finish, or cancel it there.</source>
        <translation>请等待其完成，或在那里取消。</translation>
    </message>
</context>
<context>
    <name>ErrorBanner</name>
    <message>
        <location filename="../../desktop/ui/widgets/error_banner.py" line="28"/>
        <source>Dismiss</source>
        <translation>关闭</translation>
    </message>
</context>
<context>
    <name>ExamplesBox</name>
    <message>
        <location filename="../../desktop/ui/server/examples_box.py" line="42"/>
        <source>Copy</source>
        <translation>复制</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/server/examples_box.py" line="61"/>
        <source>Both read the key from %1: set it first (Copy key).</source>
        <translation>两者都从 %1 读取密钥：请先设置它（复制密钥）。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/server/examples_box.py" line="65"/>
        <source>Start the server to call it like this.</source>
        <translation>启动服务器后即可这样调用。</translation>
    </message>
</context>
<context>
    <name>ExperimentResultsView</name>
    <message>
        <location filename="../../desktop/ui/experiments/results_view.py" line="68"/>
        <source>Re-run</source>
        <translation>重新运行</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/experiments/results_view.py" line="70"/>
        <source>Open in Compare</source>
        <translation>在对比中打开</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/experiments/results_view.py" line="72"/>
        <source>Reopen this comparison on the Compare page, to read it side by side or go on</source>
        <translation>在“对比”页面重新打开此对比，并排查看或继续</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/experiments/results_view.py" line="76"/>
        <source>Export CSV…</source>
        <translation>导出 CSV…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/experiments/results_view.py" line="77"/>
        <source>Export JSON…</source>
        <translation>导出 JSON…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/experiments/results_view.py" line="101"/>
        <source>compare with</source>
        <translation>对比</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/experiments/results_view.py" line="136"/>
        <source>Running…</source>
        <translation>运行中…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/experiments/results_view.py" line="165"/>
        <source>%1 cells, engine %2</source>
        <translation>%1 个单元格，引擎 %2</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/experiments/results_view.py" line="170"/>
        <source>pass rate %1%</source>
        <translation>通过率 %1%</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/experiments/results_view.py" line="181"/>
        <source>%1 of %2 rows differ from run %3</source>
        <translation>%2 行中有 %1 行与运行 %3 不同</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/experiments/results_view.py" line="223"/>
        <location filename="../../desktop/ui/experiments/results_view.py" line="230"/>
        <source>Export results</source>
        <translation>导出结果</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/experiments/results_view.py" line="223"/>
        <source>CSV files (*.csv)</source>
        <translation>CSV 文件 (*.csv)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/experiments/results_view.py" line="230"/>
        <source>JSON files (*.json)</source>
        <translation>JSON 文件 (*.json)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/experiments/results_view.py" line="238"/>
        <source>No run to export yet.</source>
        <translation>还没有可导出的运行。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/experiments/results_view.py" line="261"/>
        <source>Cannot write %1: %2</source>
        <translation>无法写入 %1：%2</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/experiments/results_view.py" line="267"/>
        <source>Exported %1 results to %2.</source>
        <translation>已将 %1 条结果导出到 %2。</translation>
    </message>
</context>
<context>
    <name>ExperimentSetupView</name>
    <message>
        <location filename="../../desktop/ui/experiments/setup.py" line="113"/>
        <source>Add version</source>
        <translation>添加版本</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/experiments/setup.py" line="114"/>
        <location filename="../../desktop/ui/experiments/setup.py" line="130"/>
        <location filename="../../desktop/ui/experiments/setup.py" line="160"/>
        <location filename="../../desktop/ui/experiments/setup.py" line="180"/>
        <source>Remove</source>
        <translation>移除</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/experiments/setup.py" line="117"/>
        <source>Prompt versions</source>
        <translation>提示词版本</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/experiments/setup.py" line="129"/>
        <source>Add case</source>
        <translation>添加用例</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/experiments/setup.py" line="131"/>
        <source>Import CSV…</source>
        <translation>导入 CSV…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/experiments/setup.py" line="132"/>
        <source>Export CSV…</source>
        <translation>导出 CSV…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/experiments/setup.py" line="137"/>
        <source>Test cases (one column per variable; empty = default)</source>
        <translation>测试用例（每个变量一列；留空 = 默认值）</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/experiments/setup.py" line="152"/>
        <source>Add model…</source>
        <translation>添加模型…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/experiments/setup.py" line="153"/>
        <source>Add server model…</source>
        <translation>添加服务器模型…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/experiments/setup.py" line="155"/>
        <source>A model on a saved backend (Settings &gt; Backends): its cells run in parallel</source>
        <translation>已保存后端上的模型（设置 &gt; 后端）：其单元并行运行</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/experiments/setup.py" line="159"/>
        <source>Duplicate</source>
        <translation>创建副本</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/experiments/setup.py" line="164"/>
        <source>Run configs (empty = the template&apos;s default)</source>
        <translation>运行配置（留空 = 模板默认值）</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/experiments/setup.py" line="179"/>
        <source>Add check</source>
        <translation>添加检查项</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/experiments/setup.py" line="185"/>
        <source>Checks and repeats</source>
        <translation>检查项与重复次数</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/experiments/setup.py" line="189"/>
        <source>Repeats</source>
        <translation>重复次数</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/experiments/setup.py" line="229"/>
        <source>latest (v%1)</source>
        <translation>最新 (v%1)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/experiments/setup.py" line="232"/>
        <source>v%1</source>
        <translation>v%1</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/experiments/setup.py" line="290"/>
        <source>Choose a GGUF model</source>
        <translation>选择 GGUF 模型</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/experiments/setup.py" line="292"/>
        <source>GGUF models (*.gguf)</source>
        <translation>GGUF 模型 (*.gguf)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/experiments/setup.py" line="349"/>
        <source>Import test cases</source>
        <translation>导入测试用例</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/experiments/setup.py" line="349"/>
        <location filename="../../desktop/ui/experiments/setup.py" line="369"/>
        <source>CSV files (*.csv)</source>
        <translation>CSV 文件 (*.csv)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/experiments/setup.py" line="364"/>
        <source>Imported %1 cases.</source>
        <translation>已导入 %1 个用例。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/experiments/setup.py" line="369"/>
        <source>Export test cases</source>
        <translation>导出测试用例</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/experiments/setup.py" line="379"/>
        <source>Cannot write %1: %2</source>
        <translation>无法写入 %1：%2</translation>
    </message>
</context>
<context>
    <name>ExperimentsPanel</name>
    <message>
        <location filename="../../desktop/ui/experiments/panel.py" line="126"/>
        <source>Experiment name</source>
        <translation>实验名称</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/experiments/panel.py" line="127"/>
        <source>New</source>
        <translation>新建</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/experiments/panel.py" line="128"/>
        <source>Save</source>
        <translation>保存</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/experiments/panel.py" line="129"/>
        <source>Delete</source>
        <translation>删除</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/experiments/panel.py" line="142"/>
        <source>Setup</source>
        <translation>设置</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/experiments/panel.py" line="146"/>
        <source>Results</source>
        <translation>结果</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/experiments/panel.py" line="148"/>
        <source>Run</source>
        <translation>运行</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/experiments/panel.py" line="149"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/experiments/panel.py" line="154"/>
        <source>%v / %m cells</source>
        <translation>%v / %m 个单元格</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/experiments/panel.py" line="234"/>
        <location filename="../../desktop/ui/experiments/panel.py" line="264"/>
        <source>Untitled experiment</source>
        <translation>未命名实验</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/experiments/panel.py" line="270"/>
        <source>Experiment saved.</source>
        <translation>实验已保存。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/experiments/panel.py" line="331"/>
        <source>The chat is using the local model: wait for its reply (or stop it), then run again.</source>
        <translation>聊天正在使用本地模型：请等待其回复（或停止它），然后再运行。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/experiments/panel.py" line="317"/>
        <source>Cannot run: %1</source>
        <translation>无法运行：%1</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/experiments/panel.py" line="365"/>
        <source>an experiment is running on it</source>
        <translation>有实验正在其上运行</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/experiments/panel.py" line="404"/>
        <source>Cancelled before the run started: nothing was run.</source>
        <translation>在运行开始前已取消：没有运行任何内容。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/experiments/panel.py" line="407"/>
        <source>Cancelling…</source>
        <translation>正在取消…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/experiments/panel.py" line="456"/>
        <source>Run %1: %2 of %3 cells.</source>
        <translation>运行 %1：%3 个单元格中完成 %2 个。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/experiments/panel.py" line="462"/>
        <source>Pass rate %1%.</source>
        <translation>通过率 %1%。</translation>
    </message>
</context>
<context>
    <name>FirstRunFlow</name>
    <message>
        <location filename="../../desktop/ui/chat/first_run.py" line="123"/>
        <source>The model hub (%1) cannot be reached, so no model can be downloaded right now. Open a model you already have, or try again once you are online.</source>
        <translation>无法连接模型仓库（%1），现在无法下载模型。请打开你已有的模型，或联网后再试。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/first_run.py" line="127"/>
        <source>No model can be downloaded right now: %1</source>
        <translation>现在无法下载模型：%1</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/first_run.py" line="132"/>
        <source>No model can be suggested right now: %1</source>
        <translation>现在无法推荐模型：%1</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/first_run.py" line="190"/>
        <source>Checking the download…</source>
        <translation>正在校验下载…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/first_run.py" line="202"/>
        <source>The download is paused.</source>
        <translation>下载已暂停。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/first_run.py" line="242"/>
        <source>%1 is downloaded: pick it in the model list.</source>
        <translation>%1 已下载：请在模型列表中选择它。</translation>
    </message>
</context>
<context>
    <name>FormatVerdict</name>
    <message numerus="yes">
        <location filename="../../desktop/ui/chat/format_footer.py" line="28"/>
        <source>✗ %n problem(s)</source>
        <translation>
            <numerusform>✗ %n 处问题</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>GrammarDialog</name>
    <message>
        <location filename="../../desktop/ui/tools/grammar_dialog.py" line="25"/>
        <source>Grammar</source>
        <translation>语法</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/tools/grammar_dialog.py" line="31"/>
        <source>The sampler allows only tokens that keep the reply inside this GBNF grammar (llama.cpp&apos;s grammar sampler, first in the chain).</source>
        <translation>采样器只允许让回复保持在此 GBNF 语法内的 token（llama.cpp 的语法采样器，位于采样链首位）。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/tools/grammar_dialog.py" line="49"/>
        <source>Not enforced by the grammar (each reply is validated against the schema afterwards, and violations are shown under it):</source>
        <translation>语法未强制的部分（每个回复事后按 Schema 校验，违规之处显示在回复下方）：</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/tools/grammar_dialog.py" line="56"/>
        <source>The grammar enforces every part of this format.</source>
        <translation>语法强制了此格式的每个部分。</translation>
    </message>
</context>
<context>
    <name>HubModels</name>
    <message>
        <location filename="../../desktop/ui/models/hub_models.py" line="38"/>
        <location filename="../../desktop/ui/models/hub_models.py" line="199"/>
        <source>unknown</source>
        <translation>未知</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/models/hub_models.py" line="40"/>
        <source>fits on the GPU</source>
        <translation>可完全放入 GPU</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/models/hub_models.py" line="42"/>
        <source>partial offload: %1 of %2 layers</source>
        <translation>部分放入 GPU：%1 / %2 层</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/models/hub_models.py" line="47"/>
        <source>CPU only</source>
        <translation>仅 CPU</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/models/hub_models.py" line="49"/>
        <source>too large</source>
        <translation>过大</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/models/hub_models.py" line="51"/>
        <source> (estimate)</source>
        <translation>（估算）</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/models/hub_models.py" line="100"/>
        <source>%1 downloads</source>
        <translation>%1 次下载</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/models/hub_models.py" line="103"/>
        <source>%1 likes</source>
        <translation>%1 个赞</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/models/hub_models.py" line="107"/>
        <source>updated %1</source>
        <translation>更新于 %1</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/models/hub_models.py" line="114"/>
        <source>gated</source>
        <translation>需授权</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/models/hub_models.py" line="117"/>
        <source>base: %1</source>
        <translation>基础模型：%1</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/models/hub_models.py" line="149"/>
        <source>(gated)</source>
        <translation>（需授权）</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/models/hub_models.py" line="178"/>
        <source>File</source>
        <translation>文件</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/models/hub_models.py" line="179"/>
        <source>Quantization</source>
        <translation>量化</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/models/hub_models.py" line="180"/>
        <source>Size</source>
        <translation>大小</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/models/hub_models.py" line="181"/>
        <source>Fit on this machine</source>
        <translation>本机适配</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/models/hub_models.py" line="194"/>
        <source> (%1 parts)</source>
        <translation>（%1 个分片）</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/models/hub_models.py" line="204"/>
        <source>vision projector (not a chat model)</source>
        <translation>视觉投影器（不是聊天模型）</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/models/hub_models.py" line="208"/>
        <source>incomplete: parts missing on the Hub</source>
        <translation>不完整：Hub 上缺少分片</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/models/hub_models.py" line="222"/>
        <source>Recommended for this machine</source>
        <translation>推荐用于本机</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/models/hub_models.py" line="244"/>
        <source>Queued</source>
        <translation>排队中</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/models/hub_models.py" line="245"/>
        <source>Downloading</source>
        <translation>下载中</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/models/hub_models.py" line="246"/>
        <source>Paused</source>
        <translation>已暂停</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/models/hub_models.py" line="247"/>
        <source>Verifying</source>
        <translation>校验中</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/models/hub_models.py" line="248"/>
        <source>Installed</source>
        <translation>已安装</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/models/hub_models.py" line="249"/>
        <source>Failed</source>
        <translation>失败</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/models/hub_models.py" line="250"/>
        <source>Cancelled</source>
        <translation>已取消</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/models/hub_models.py" line="267"/>
        <source>Model</source>
        <translation>模型</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/models/hub_models.py" line="268"/>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/models/hub_models.py" line="269"/>
        <source>Progress</source>
        <translation>进度</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/models/hub_models.py" line="270"/>
        <source>Speed</source>
        <translation>速度</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/models/hub_models.py" line="271"/>
        <source>ETA</source>
        <translation>剩余时间</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/models/hub_models.py" line="287"/>
        <source>Retrying</source>
        <translation>重试中</translation>
    </message>
</context>
<context>
    <name>HubPanel</name>
    <message>
        <location filename="../../desktop/ui/models/hub_panel.py" line="127"/>
        <source>Search GGUF models on Hugging Face…</source>
        <translation>在 Hugging Face 上搜索 GGUF 模型…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/models/hub_panel.py" line="131"/>
        <source>Most downloads</source>
        <translation>下载最多</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/models/hub_panel.py" line="132"/>
        <source>Most likes</source>
        <translation>点赞最多</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/models/hub_panel.py" line="133"/>
        <source>Trending</source>
        <translation>热门</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/models/hub_panel.py" line="134"/>
        <source>Recently updated</source>
        <translation>最近更新</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/models/hub_panel.py" line="137"/>
        <source>Search</source>
        <translation>搜索</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/models/hub_panel.py" line="148"/>
        <source>Load more</source>
        <translation>加载更多</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/models/hub_panel.py" line="159"/>
        <source>Pick a search result to see its files.</source>
        <translation>选择一个搜索结果以查看其文件。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/models/hub_panel.py" line="162"/>
        <source>Detecting this machine&apos;s memory…</source>
        <translation>正在检测本机内存…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/models/hub_panel.py" line="168"/>
        <source>context: </source>
        <translation>上下文：</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/models/hub_panel.py" line="169"/>
        <source> tokens</source>
        <translation> token</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/models/hub_panel.py" line="170"/>
        <source>Download</source>
        <translation>下载</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/models/hub_panel.py" line="264"/>
        <source>Searching…</source>
        <translation>正在搜索…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/models/hub_panel.py" line="278"/>
        <source>No GGUF models match this search.</source>
        <translation>没有符合此搜索的 GGUF 模型。</translation>
    </message>
    <message numerus="yes">
        <location filename="../../desktop/ui/models/hub_panel.py" line="280"/>
        <source>%n model(s)</source>
        <translation>
            <numerusform>%n 个模型</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../desktop/ui/models/hub_panel.py" line="313"/>
        <source>Loading %1…</source>
        <translation>正在加载 %1…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/models/hub_panel.py" line="326"/>
        <source>(gated: accept the license on the model page and set a token)</source>
        <translation>（需授权：请在模型页面接受许可协议并设置 token）</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/models/hub_panel.py" line="328"/>
        <source>This repository has no .gguf files.</source>
        <translation>此仓库中没有 .gguf 文件。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/models/hub_panel.py" line="353"/>
        <source>*This model has no model card.*</source>
        <translation>*此模型没有模型卡片。*</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/models/hub_panel.py" line="383"/>
        <source>This machine could not be measured (%1): fit estimates are missing.</source>
        <translation>无法检测本机配置（%1）：缺少适配估算。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/models/hub_panel.py" line="393"/>
        <source>This machine: %1 RAM free, %2 GPU memory free</source>
        <translation>本机：可用内存 %1，可用显存 %2</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/models/hub_panel.py" line="397"/>
        <source>This machine: %1 RAM free (GPU found, but this llama.cpp build is CPU-only)</source>
        <translation>本机：可用内存 %1（检测到 GPU，但此 llama.cpp 版本仅支持 CPU）</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/models/hub_panel.py" line="400"/>
        <source>This machine: %1 RAM free, no usable GPU detected</source>
        <translation>本机：可用内存 %1，未检测到可用的 GPU</translation>
    </message>
</context>
<context>
    <name>HubTokenRow</name>
    <message>
        <location filename="../../desktop/ui/models/hub_token.py" line="38"/>
        <source>Set token…</source>
        <translation>设置 token…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/models/hub_token.py" line="39"/>
        <source>Remove token</source>
        <translation>移除 token</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/models/hub_token.py" line="52"/>
        <source>Using your Hugging Face token (sent only to %1).</source>
        <translation>正在使用你的 Hugging Face token（仅发送到 %1）。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/models/hub_token.py" line="55"/>
        <source>No Hugging Face token: gated models need one.</source>
        <translation>未设置 Hugging Face token：需授权的模型需要 token。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/models/hub_token.py" line="58"/>
        <source>Warning: %1</source>
        <translation>警告：%1</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/models/hub_token.py" line="66"/>
        <source>Hugging Face token</source>
        <translation>Hugging Face token</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/models/hub_token.py" line="67"/>
        <source>Paste an access token from your Hugging Face account settings:</source>
        <translation>粘贴你在 Hugging Face 账户设置中创建的访问 token：</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/models/hub_token.py" line="82"/>
        <source>A Hugging Face token has no spaces.</source>
        <translation>Hugging Face token 不含空格。</translation>
    </message>
</context>
<context>
    <name>IndexProgressPanel</name>
    <message>
        <location filename="../../desktop/ui/knowledge/progress_panel.py" line="35"/>
        <source>Pause</source>
        <translation>暂停</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/knowledge/progress_panel.py" line="36"/>
        <source>Resume</source>
        <translation>继续</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/knowledge/progress_panel.py" line="37"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/knowledge/progress_panel.py" line="61"/>
        <source>Starting…</source>
        <translation>正在启动…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/knowledge/progress_panel.py" line="91"/>
        <source>Paused at %1 of %2.</source>
        <translation>已暂停于第 %1 个（共 %2 个）。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/knowledge/progress_panel.py" line="99"/>
        <source>%1: %2 of %3</source>
        <translation>%1：%2 / %3</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/knowledge/progress_panel.py" line="114"/>
        <source>Done.</source>
        <translation>完成。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/knowledge/progress_panel.py" line="115"/>
        <source>Cancelled; what was read is kept.</source>
        <translation>已取消；已读取的内容会保留。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/knowledge/progress_panel.py" line="116"/>
        <source>Stopped by an error.</source>
        <translation>因出错而停止。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/knowledge/progress_panel.py" line="121"/>
        <source>%1 read, %2 unchanged, %3 skipped, %4 removed; %5 chunks, %6 embedded.</source>
        <translation>读取 %1 个，未变 %2 个，跳过 %3 个，移除 %4 个；%5 个分块，%6 个已嵌入。</translation>
    </message>
</context>
<context>
    <name>Inspector</name>
    <message>
        <location filename="../../desktop/ui/chat/inspector.py" line="109"/>
        <source>Model</source>
        <translation>模型</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/inspector.py" line="119"/>
        <source>Open…</source>
        <translation>打开…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/inspector.py" line="120"/>
        <source>Load a .gguf file from disk</source>
        <translation>从磁盘加载 .gguf 文件</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/inspector.py" line="129"/>
        <location filename="../../desktop/ui/chat/inspector.py" line="414"/>
        <source>all</source>
        <translation>全部</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/inspector.py" line="136"/>
        <source>GPU layers</source>
        <translation>GPU 层数</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/inspector.py" line="148"/>
        <source>model&apos;s own</source>
        <translation>模型自带</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/inspector.py" line="149"/>
        <source>Context size</source>
        <translation>上下文大小</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/inspector.py" line="154"/>
        <source>auto</source>
        <translation>自动</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/inspector.py" line="155"/>
        <source>Threads</source>
        <translation>线程</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/inspector.py" line="157"/>
        <source>Load</source>
        <translation>加载</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/inspector.py" line="159"/>
        <source>Unload</source>
        <translation>卸载</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/inspector.py" line="169"/>
        <location filename="../../desktop/ui/chat/inspector.py" line="476"/>
        <source>No model loaded</source>
        <translation>未加载模型</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/inspector.py" line="194"/>
        <source>Sampling</source>
        <translation>采样</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/inspector.py" line="198"/>
        <source>Save as…</source>
        <translation>另存为…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/inspector.py" line="199"/>
        <source>Delete</source>
        <translation>删除</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/inspector.py" line="204"/>
        <source>Preset</source>
        <translation>预设</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/inspector.py" line="216"/>
        <source>off</source>
        <translation>关闭</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/inspector.py" line="222"/>
        <source>no limit</source>
        <translation>不限</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/inspector.py" line="223"/>
        <source>0: go on until the model stops or the context is full</source>
        <translation>0：一直生成，直到模型停止或上下文已满</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/inspector.py" line="226"/>
        <source>random</source>
        <translation>随机</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/inspector.py" line="227"/>
        <source>Temperature</source>
        <translation>温度</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/inspector.py" line="228"/>
        <source>Top-k</source>
        <translation>Top-k</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/inspector.py" line="229"/>
        <source>Top-p</source>
        <translation>Top-p</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/inspector.py" line="230"/>
        <source>Min-p</source>
        <translation>Min-p</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/inspector.py" line="231"/>
        <source>Repeat penalty</source>
        <translation>重复惩罚</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/inspector.py" line="232"/>
        <source>Max tokens</source>
        <translation>最大 token 数</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/inspector.py" line="233"/>
        <source>Seed</source>
        <translation>种子</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/inspector.py" line="235"/>
        <source>Show probabilities</source>
        <translation>显示概率</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/inspector.py" line="245"/>
        <source>raw distribution</source>
        <translation>原始分布</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/inspector.py" line="246"/>
        <source>after sampling filters</source>
        <translation>采样过滤后</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/inspector.py" line="249"/>
        <source>Alternatives</source>
        <translation>候选数</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/inspector.py" line="250"/>
        <source>Probabilities of</source>
        <translation>概率来源</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/inspector.py" line="259"/>
        <source>Conversation</source>
        <translation>对话</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/inspector.py" line="263"/>
        <source>System prompt (optional)</source>
        <translation>系统提示词（可选）</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/inspector.py" line="270"/>
        <location filename="../../desktop/ui/chat/inspector.py" line="531"/>
        <source>no model</source>
        <translation>无模型</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/inspector.py" line="271"/>
        <source>Context</source>
        <translation>上下文</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/inspector.py" line="273"/>
        <source>Stop at the limit</source>
        <translation>到达上限时停止</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/inspector.py" line="275"/>
        <source>Truncate the middle (keep system prompt)</source>
        <translation>截去中间部分（保留系统提示词）</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/inspector.py" line="277"/>
        <source>Rolling window</source>
        <translation>滚动窗口</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/inspector.py" line="278"/>
        <source>When full</source>
        <translation>上下文满时</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/inspector.py" line="307"/>
        <source>No models yet</source>
        <translation>暂无模型</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/inspector.py" line="307"/>
        <source>On this computer</source>
        <translation>在本机上</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/inspector.py" line="426"/>
        <source>This llama.cpp build has no GPU support: the model runs on the CPU.</source>
        <translation>此 llama.cpp 版本不支持 GPU：模型将在 CPU 上运行。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/inspector.py" line="429"/>
        <source>GPU layers were requested, but this llama.cpp build has no GPU support: the model will run on the CPU.</source>
        <translation>已设置 GPU 层数，但此 llama.cpp 版本不支持 GPU：模型将在 CPU 上运行。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/inspector.py" line="432"/>
        <source>README, section “GPU”: how to install a GPU build</source>
        <translation>README 的“GPU”一节：如何安装支持 GPU 的版本</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/inspector.py" line="463"/>
        <source>Loading %1…</source>
        <translation>正在加载 %1…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/inspector.py" line="482"/>
        <source>%1 · %2 · %3 layers · context %4</source>
        <translation>%1 · %2 · %3 层 · 上下文 %4</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/inspector.py" line="535"/>
        <source>%1 / %2 tokens</source>
        <translation>%1 / %2 token</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/inspector.py" line="537"/>
        <source>%1 from knowledge</source>
        <translation>其中知识库 %1</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/inspector.py" line="548"/>
        <source>Your presets could not be read: %1</source>
        <translation>无法读取你的预设：%1</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/inspector.py" line="586"/>
        <location filename="../../desktop/ui/chat/inspector.py" line="590"/>
        <location filename="../../desktop/ui/chat/inspector.py" line="601"/>
        <source>Tessera</source>
        <translation>Tessera</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/inspector.py" line="615"/>
        <source>Save preset</source>
        <translation>保存预设</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/inspector.py" line="615"/>
        <source>Preset name:</source>
        <translation>预设名称：</translation>
    </message>
</context>
<context>
    <name>KnowledgeBox</name>
    <message>
        <location filename="../../desktop/ui/chat/knowledge_box.py" line="25"/>
        <source>Knowledge</source>
        <translation>知识库</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/knowledge_box.py" line="31"/>
        <source>Each message you send is answered from the checked knowledge bases</source>
        <translation>你发送的每条消息都会根据勾选的知识库来回答</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/knowledge_box.py" line="33"/>
        <source>No knowledge bases yet.</source>
        <translation>还没有知识库。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/knowledge_box.py" line="40"/>
        <source>How many chunks go into each message</source>
        <translation>每条消息放入多少个分块</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/knowledge_box.py" line="41"/>
        <source>Manage…</source>
        <translation>管理…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/knowledge_box.py" line="45"/>
        <source>Passages per message</source>
        <translation>每条消息的段落数</translation>
    </message>
</context>
<context>
    <name>KnowledgeLabels</name>
    <message>
        <location filename="../../desktop/ui/knowledge/labels.py" line="12"/>
        <source>not indexed yet</source>
        <translation>尚未索引</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/knowledge/labels.py" line="13"/>
        <source>indexing</source>
        <translation>正在索引</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/knowledge/labels.py" line="14"/>
        <source>paused</source>
        <translation>已暂停</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/knowledge/labels.py" line="15"/>
        <source>cancelled</source>
        <translation>已取消</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/knowledge/labels.py" line="16"/>
        <source>failed</source>
        <translation>失败</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/knowledge/labels.py" line="17"/>
        <source>up to date</source>
        <translation>已是最新</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/knowledge/labels.py" line="18"/>
        <source>interrupted</source>
        <translation>已中断</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/knowledge/labels.py" line="21"/>
        <source>Looking for files</source>
        <translation>正在查找文件</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/knowledge/labels.py" line="22"/>
        <source>Reading files</source>
        <translation>正在读取文件</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/knowledge/labels.py" line="23"/>
        <source>Embedding chunks</source>
        <translation>正在嵌入分块</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/knowledge/labels.py" line="26"/>
        <source>indexed</source>
        <translation>已索引</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/knowledge/labels.py" line="27"/>
        <source>skipped</source>
        <translation>已跳过</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/knowledge/labels.py" line="28"/>
        <source>waiting</source>
        <translation>等待中</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/knowledge/labels.py" line="32"/>
        <source>text</source>
        <translation>文本</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/knowledge/labels.py" line="33"/>
        <source>Markdown</source>
        <translation>Markdown</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/knowledge/labels.py" line="34"/>
        <source>code</source>
        <translation>代码</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/knowledge/labels.py" line="35"/>
        <source>HTML</source>
        <translation>HTML</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/knowledge/labels.py" line="36"/>
        <source>PDF</source>
        <translation>PDF</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/knowledge/labels.py" line="37"/>
        <source>Word</source>
        <translation>Word</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/knowledge/labels.py" line="56"/>
        <source>pp. %1–%2</source>
        <translation>第 %1–%2 页</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/knowledge/labels.py" line="60"/>
        <source>p. %1</source>
        <translation>第 %1 页</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/knowledge/labels.py" line="65"/>
        <source>lines %1–%2</source>
        <translation>第 %1–%2 行</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/knowledge/labels.py" line="69"/>
        <source>line %1</source>
        <translation>第 %1 行</translation>
    </message>
</context>
<context>
    <name>KnowledgeModels</name>
    <message>
        <location filename="../../desktop/ui/knowledge/item_models.py" line="45"/>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/knowledge/item_models.py" line="46"/>
        <source>Documents</source>
        <translation>文档</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/knowledge/item_models.py" line="47"/>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/knowledge/item_models.py" line="66"/>
        <source>Words and meaning (%1)</source>
        <translation>词语和语义（%1）</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/knowledge/item_models.py" line="70"/>
        <source>Words only</source>
        <translation>仅词语</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/knowledge/item_models.py" line="86"/>
        <source>Folder or file</source>
        <translation>文件夹或文件</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/knowledge/item_models.py" line="104"/>
        <location filename="../../desktop/ui/knowledge/item_models.py" line="159"/>
        <source>File</source>
        <translation>文件</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/knowledge/item_models.py" line="105"/>
        <source>Type</source>
        <translation>类型</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/knowledge/item_models.py" line="106"/>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/knowledge/item_models.py" line="107"/>
        <source>Chunks</source>
        <translation>分块</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/knowledge/item_models.py" line="108"/>
        <location filename="../../desktop/ui/knowledge/item_models.py" line="204"/>
        <source>Tokens</source>
        <translation>Token</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/knowledge/item_models.py" line="109"/>
        <source>Size</source>
        <translation>大小</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/knowledge/item_models.py" line="110"/>
        <source>Why / note</source>
        <translation>原因 / 备注</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/knowledge/item_models.py" line="158"/>
        <location filename="../../desktop/ui/knowledge/item_models.py" line="202"/>
        <source>#</source>
        <translation>#</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/knowledge/item_models.py" line="160"/>
        <location filename="../../desktop/ui/knowledge/item_models.py" line="203"/>
        <source>Where</source>
        <translation>位置</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/knowledge/item_models.py" line="161"/>
        <source>BM25</source>
        <translation>BM25</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/knowledge/item_models.py" line="162"/>
        <source>Vector</source>
        <translation>向量</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/knowledge/item_models.py" line="163"/>
        <source>Fused</source>
        <translation>融合</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/knowledge/item_models.py" line="164"/>
        <source>Snippet</source>
        <translation>摘录</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/knowledge/item_models.py" line="205"/>
        <source>Characters</source>
        <translation>字符</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/knowledge/item_models.py" line="206"/>
        <source>Begins with</source>
        <translation>开头</translation>
    </message>
</context>
<context>
    <name>KnowledgePage</name>
    <message>
        <location filename="../../desktop/ui/knowledge/page.py" line="89"/>
        <source>New…</source>
        <translation>新建…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/knowledge/page.py" line="91"/>
        <source>Remove</source>
        <translation>删除</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/knowledge/page.py" line="96"/>
        <source>&lt;b&gt;Knowledge bases&lt;/b&gt;</source>
        <translation>&lt;b&gt;知识库&lt;/b&gt;</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/knowledge/page.py" line="120"/>
        <source>Add folder…</source>
        <translation>添加文件夹…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/knowledge/page.py" line="121"/>
        <source>Add files…</source>
        <translation>添加文件…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/knowledge/page.py" line="122"/>
        <source>Remove source</source>
        <translation>移除来源</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/knowledge/page.py" line="124"/>
        <source>Rescan and index</source>
        <translation>重新扫描并索引</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/knowledge/page.py" line="127"/>
        <source>Reads new and changed files, drops deleted ones; unchanged files cost nothing</source>
        <translation>读取新增和改动的文件，移除已删除的文件；未改动的文件不花时间</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/knowledge/page.py" line="142"/>
        <source>Documents</source>
        <translation>文档</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/knowledge/page.py" line="143"/>
        <source>Search</source>
        <translation>搜索</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/knowledge/page.py" line="144"/>
        <source>Chunks</source>
        <translation>分块</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/knowledge/page.py" line="145"/>
        <source>Chat template</source>
        <translation>聊天模板</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/knowledge/page.py" line="160"/>
        <source>A knowledge base is a set of folders and files (text, Markdown, code, HTML, PDF, Word). Chats answer from the bases you attach to them, and cite the passages they used. Create one with “New…”.</source>
        <translation>知识库是一组文件夹和文件（文本、Markdown、代码、HTML、PDF、Word）。聊天会根据你附加的知识库来回答，并注明引用的段落。点击“新建…”创建一个。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/knowledge/page.py" line="327"/>
        <source>Search: words and meaning, with %1 (%2 dimensions)</source>
        <translation>搜索方式：词语和语义，使用 %1（%2 维）</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/knowledge/page.py" line="332"/>
        <source>Search: words only (no embedding model)</source>
        <translation>搜索方式：仅词语（没有嵌入模型）</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/knowledge/page.py" line="336"/>
        <source>Chunks of up to %1 tokens, %2 tokens of overlap</source>
        <translation>分块最多 %1 个 token，重叠 %2 个 token</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/knowledge/page.py" line="339"/>
        <source>%1 documents indexed · %2 skipped · %3 chunks · %4 tokens</source>
        <translation>已索引 %1 个文档 · 跳过 %2 个 · %3 个分块 · %4 个 token</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/knowledge/page.py" line="375"/>
        <source>Creating %1…</source>
        <translation>正在创建 %1…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/knowledge/page.py" line="396"/>
        <source>%1 was not created: %2</source>
        <translation>未能创建 %1：%2</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/knowledge/page.py" line="411"/>
        <source>Remove knowledge base</source>
        <translation>删除知识库</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/knowledge/page.py" line="413"/>
        <source>Remove %1 and its index? Your files are not touched; chats that used it keep their citations.</source>
        <translation>删除 %1 及其索引？你的文件不会被改动；用过它的聊天会保留其引用。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/knowledge/page.py" line="436"/>
        <source>Add a folder</source>
        <translation>添加文件夹</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/knowledge/page.py" line="444"/>
        <source>Add files</source>
        <translation>添加文件</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/knowledge/page.py" line="447"/>
        <source>Documents (*.txt *.md *.markdown *.rst *.html *.htm *.pdf *.docx *.py *.js *.ts *.c *.cpp *.h *.java *.go *.rs *.json *.yaml *.yml *.toml *.csv);;All files (*)</source>
        <translation>文档 (*.txt *.md *.markdown *.rst *.html *.htm *.pdf *.docx *.py *.js *.ts *.c *.cpp *.h *.java *.go *.rs *.json *.yaml *.yml *.toml *.csv);;所有文件 (*)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/knowledge/page.py" line="514"/>
        <source>Indexing %1 stopped before it finished (%2 of %3 files).</source>
        <translation>%1 的索引在完成前中断了（%2 / %3 个文件）。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/knowledge/page.py" line="518"/>
        <source>Resuming reads only what is not indexed yet.</source>
        <translation>继续时只读取尚未索引的内容。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/knowledge/page.py" line="519"/>
        <source>Resume indexing</source>
        <translation>继续索引</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/knowledge/page.py" line="519"/>
        <source>Not now</source>
        <translation>暂不</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/knowledge/page.py" line="552"/>
        <source>Indexing %1 could not start: %2</source>
        <translation>无法开始索引 %1：%2</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/knowledge/page.py" line="588"/>
        <source>%1 is no longer indexed in %2; the chat keeps the text it cited.</source>
        <translation>%1 已不在 %2 的索引中；聊天中保留了当时引用的文本。</translation>
    </message>
</context>
<context>
    <name>LibraryModels</name>
    <message>
        <location filename="../../desktop/ui/models/library_models.py" line="25"/>
        <location filename="../../desktop/ui/models/library_models.py" line="95"/>
        <source>File</source>
        <translation>文件</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/models/library_models.py" line="26"/>
        <source>Architecture</source>
        <translation>架构</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/models/library_models.py" line="27"/>
        <source>Parameters</source>
        <translation>参数量</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/models/library_models.py" line="28"/>
        <source>Quantization</source>
        <translation>量化</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/models/library_models.py" line="29"/>
        <source>Context</source>
        <translation>上下文</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/models/library_models.py" line="30"/>
        <location filename="../../desktop/ui/models/library_models.py" line="96"/>
        <source>Size</source>
        <translation>大小</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/models/library_models.py" line="31"/>
        <source>Last used</source>
        <translation>上次使用</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/models/library_models.py" line="32"/>
        <source>Source</source>
        <translation>来源</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/models/library_models.py" line="33"/>
        <source>Chat template</source>
        <translation>聊天模板</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/models/library_models.py" line="53"/>
        <source>never</source>
        <translation>从未</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/models/library_models.py" line="54"/>
        <source>in library</source>
        <translation>在模型库中</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/models/library_models.py" line="56"/>
        <source>referenced</source>
        <translation>引用</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/models/library_models.py" line="75"/>
        <source>Chat template: unknown (the file&apos;s header could not be read).</source>
        <translation>聊天模板：未知（无法读取文件头）。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/models/library_models.py" line="82"/>
        <source>To use another template: Chat page, Model box, Chat template (saved for this model).</source>
        <translation>要使用其他模板：聊天页面，“模型”框，“聊天模板”（为此模型保存）。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/models/library_models.py" line="94"/>
        <source>Found in</source>
        <translation>位置</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/models/library_models.py" line="97"/>
        <source>In library</source>
        <translation>已在模型库</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/models/library_models.py" line="101"/>
        <source>Hugging Face cache</source>
        <translation>Hugging Face 缓存</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/models/library_models.py" line="102"/>
        <source>LM Studio</source>
        <translation>LM Studio</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/models/library_models.py" line="103"/>
        <source>Scanned folder</source>
        <translation>扫描的文件夹</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/models/library_models.py" line="115"/>
        <source>yes</source>
        <translation>是</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/models/library_models.py" line="117"/>
        <source>no</source>
        <translation>否</translation>
    </message>
</context>
<context>
    <name>LibraryPanel</name>
    <message>
        <location filename="../../desktop/ui/models/library_panel.py" line="67"/>
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/models/library_panel.py" line="68"/>
        <source>Import file…</source>
        <translation>导入文件…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/models/library_panel.py" line="69"/>
        <source>Scan folder…</source>
        <translation>扫描文件夹…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/models/library_panel.py" line="71"/>
        <source>Copy into the library</source>
        <translation>复制到模型库</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/models/library_panel.py" line="72"/>
        <source>Move into the library</source>
        <translation>移动到模型库</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/models/library_panel.py" line="73"/>
        <source>Use in place (reference)</source>
        <translation>原位使用（引用）</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/models/library_panel.py" line="74"/>
        <source>Delete…</source>
        <translation>删除…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/models/library_panel.py" line="90"/>
        <source>Choose its chat template…</source>
        <translation>选择它的聊天模板…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/models/library_panel.py" line="92"/>
        <source>Opens the Chat page with this model picked and its Chat template list</source>
        <translation>打开聊天页面，选中此模型并定位到它的“聊天模板”列表</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/models/library_panel.py" line="105"/>
        <source>Add selected to the library</source>
        <translation>将所选项添加到模型库</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/models/library_panel.py" line="112"/>
        <source>Found on this computer (Hugging Face cache, LM Studio, scanned folders)</source>
        <translation>在本机找到的模型（Hugging Face 缓存、LM Studio、扫描的文件夹）</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/models/library_panel.py" line="201"/>
        <source>Select a model to see its details.</source>
        <translation>选择一个模型以查看详情。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/models/library_panel.py" line="205"/>
        <source>Model name: %1</source>
        <translation>模型名称：%1</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/models/library_panel.py" line="206"/>
        <source>Layers: %1</source>
        <translation>层数：%1</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/models/library_panel.py" line="210"/>
        <source>From the Hub: %1</source>
        <translation>来自 Hub：%1</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/models/library_panel.py" line="212"/>
        <source>Split into %1 files</source>
        <translation>分为 %1 个文件</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/models/library_panel.py" line="236"/>
        <source>Import a GGUF model</source>
        <translation>导入 GGUF 模型</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/models/library_panel.py" line="236"/>
        <source>GGUF models (*.gguf)</source>
        <translation>GGUF 模型 (*.gguf)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/models/library_panel.py" line="243"/>
        <source>Adding %1…</source>
        <translation>正在添加 %1…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/models/library_panel.py" line="251"/>
        <source>Added %1.</source>
        <translation>已添加 %1。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/models/library_panel.py" line="262"/>
        <source>Scan a folder for GGUF models</source>
        <translation>扫描文件夹中的 GGUF 模型</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/models/library_panel.py" line="267"/>
        <source>Scanning %1…</source>
        <translation>正在扫描 %1…</translation>
    </message>
    <message numerus="yes">
        <location filename="../../desktop/ui/models/library_panel.py" line="274"/>
        <source>%n GGUF model(s) found.</source>
        <translation>
            <numerusform>找到 %n 个 GGUF 模型。</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../desktop/ui/models/library_panel.py" line="292"/>
        <source>Delete %1? This removes %2 from disk.</source>
        <translation>删除 %1？这会从磁盘上删除 %2。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/models/library_panel.py" line="295"/>
        <source>Remove %1 from the library? The file stays where it is:
%2</source>
        <translation>从模型库中移除 %1？文件将保留在原处：
%2</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/models/library_panel.py" line="299"/>
        <source>Delete model</source>
        <translation>删除模型</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/models/library_panel.py" line="311"/>
        <source>Removed %1.</source>
        <translation>已移除 %1。</translation>
    </message>
</context>
<context>
    <name>LoadProgressStrip</name>
    <message>
        <location filename="../../desktop/ui/chat/load_progress.py" line="27"/>
        <source>Your message is sent as soon as it is ready.</source>
        <translation>模型就绪后会立即发送你的消息。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/load_progress.py" line="80"/>
        <source>Loading %1…</source>
        <translation>正在加载 %1…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/load_progress.py" line="83"/>
        <source>Loading %1… %2%</source>
        <translation>正在加载 %1… %2%</translation>
    </message>
</context>
<context>
    <name>LoadSettingsBox</name>
    <message>
        <location filename="../../desktop/ui/chat/load_settings.py" line="83"/>
        <source>auto</source>
        <translation>自动</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/load_settings.py" line="84"/>
        <source>on</source>
        <translation>开</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/load_settings.py" line="85"/>
        <source>off</source>
        <translation>关</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/load_settings.py" line="87"/>
        <source>auto: on where the backend supports it (llama.cpp&apos;s default)</source>
        <translation>自动：后端支持时开启（llama.cpp 的默认值）</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/load_settings.py" line="89"/>
        <source>Flash attention</source>
        <translation>Flash Attention</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/load_settings.py" line="96"/>
        <source>A quantized V cache needs flash attention</source>
        <translation>量化的 V 缓存需要开启 Flash Attention</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/load_settings.py" line="97"/>
        <source>K cache</source>
        <translation>K 缓存</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/load_settings.py" line="98"/>
        <source>V cache</source>
        <translation>V 缓存</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/load_settings.py" line="106"/>
        <source>the model&apos;s own (or chosen for it)</source>
        <translation>模型自带（或为其选择的）</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/load_settings.py" line="109"/>
        <source>Custom Jinja…</source>
        <translation>自定义 Jinja…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/load_settings.py" line="110"/>
        <source>Chat template</source>
        <translation>对话模板</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="68"/>
        <source>Tessera</source>
        <translation>Tessera</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="94"/>
        <source>Chat</source>
        <translation>聊天</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="95"/>
        <source>Models</source>
        <translation>模型</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="96"/>
        <source>Knowledge</source>
        <translation>知识库</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="97"/>
        <source>Tokenizer</source>
        <translation>分词器</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="98"/>
        <source>Templates</source>
        <translation>模板</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="99"/>
        <source>Experiments</source>
        <translation>实验</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="100"/>
        <source>Server</source>
        <translation>服务器</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="101"/>
        <source>Compare</source>
        <translation>对比</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="156"/>
        <source>&amp;New chat</source>
        <translation>新建聊天(&amp;N)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="159"/>
        <source>&amp;Open model file…</source>
        <translation>打开模型文件(&amp;O)…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="165"/>
        <source>Open &amp;log folder</source>
        <translation>打开日志文件夹(&amp;L)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="168"/>
        <source>&amp;Settings…</source>
        <translation>设置(&amp;S)…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="171"/>
        <source>&amp;Backends…</source>
        <translation>后端(&amp;B)…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="174"/>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="176"/>
        <source>&amp;Search chats</source>
        <translation>搜索聊天(&amp;S)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="179"/>
        <source>S&amp;top</source>
        <translation>停止(&amp;T)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="182"/>
        <source>&amp;Regenerate</source>
        <translation>重新生成(&amp;R)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="185"/>
        <source>&amp;Inspector</source>
        <translation>检查器(&amp;I)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="190"/>
        <source>Show &amp;probabilities</source>
        <translation>显示概率(&amp;P)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="197"/>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="208"/>
        <source>&amp;Chat</source>
        <translation>聊天(&amp;C)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="211"/>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="233"/>
        <source>This part of Tessera is not available in this build.</source>
        <translation>此版本的 Tessera 不包含这一部分。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="250"/>
        <source>This page could not be opened: %1</source>
        <translation>无法打开此页面：%1</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="508"/>
        <source>This window keeps no log.</source>
        <translation>此窗口不记录日志。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="515"/>
        <source>The log folder could not be opened: %1</source>
        <translation>无法打开日志文件夹：%1</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="520"/>
        <source>No file manager opened %1.</source>
        <translation>没有文件管理器打开 %1。</translation>
    </message>
</context>
<context>
    <name>MessageDelegate</name>
    <message>
        <location filename="../../desktop/ui/chat/message_footer.py" line="73"/>
        <location filename="../../desktop/ui/chat/message_layout.py" line="197"/>
        <source>Copy</source>
        <translation>复制</translation>
    </message>
    <message numerus="yes">
        <location filename="../../desktop/ui/chat/message_delegate.py" line="90"/>
        <source>%n token(s)</source>
        <translation>
            <numerusform>%n 个 token</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/message_footer.py" line="100"/>
        <source>TTFT %1 ms</source>
        <translation>首 token %1 ms</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/message_footer.py" line="106"/>
        <source>%1 tok/s</source>
        <translation>%1 tok/s</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/message_footer.py" line="115"/>
        <source>mean logprob %1 · perplexity %2</source>
        <translation>平均 logprob %1 · 困惑度 %2</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/message_footer.py" line="121"/>
        <source>raw</source>
        <translation>原始</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/message_footer.py" line="123"/>
        <source>filtered</source>
        <translation>过滤后</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/message_footer.py" line="126"/>
        <source>shading: %1 distribution</source>
        <translation>着色：%1分布</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/message_footer.py" line="82"/>
        <source>Regenerate</source>
        <translation>重新生成</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/message_footer.py" line="76"/>
        <source>Card</source>
        <translation>卡片</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/message_footer.py" line="78"/>
        <source>Raw</source>
        <translation>原始</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/message_footer.py" line="84"/>
        <source>Continue</source>
        <translation>继续</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/message_footer.py" line="86"/>
        <source>Edit</source>
        <translation>编辑</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/message_footer.py" line="88"/>
        <source>Compare…</source>
        <translation>对比…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/message_footer.py" line="90"/>
        <source>Delete</source>
        <translation>删除</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/message_delegate.py" line="218"/>
        <source>generating…</source>
        <translation>生成中…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/message_delegate.py" line="219"/>
        <source>stopped</source>
        <translation>已停止</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/message_delegate.py" line="220"/>
        <source>error</source>
        <translation>错误</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/message_delegate.py" line="221"/>
        <source>interrupted</source>
        <translation>已中断</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/message_delegate.py" line="226"/>
        <source>You</source>
        <translation>你</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/message_delegate.py" line="227"/>
        <source>Assistant</source>
        <translation>助手</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/message_delegate.py" line="228"/>
        <source>System</source>
        <translation>系统</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/message_delegate.py" line="229"/>
        <source>Tool</source>
        <translation>工具</translation>
    </message>
</context>
<context>
    <name>ModelLoader</name>
    <message>
        <location filename="../../desktop/ui/chat/model_loader.py" line="105"/>
        <source>Your models could not be listed: %1</source>
        <translation>无法列出你的模型：%1</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/model_loader.py" line="119"/>
        <source> (%1 parts)</source>
        <translation>（%1 个分片）</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/model_loader.py" line="194"/>
        <source>No .gguf files were found in %1.</source>
        <translation>在 %1 中未找到 .gguf 文件。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/model_loader.py" line="198"/>
        <source>%1 could not be added: %2</source>
        <translation>无法添加 %1：%2</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/model_loader.py" line="221"/>
        <source>Open a model</source>
        <translation>打开模型</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/model_loader.py" line="223"/>
        <source>GGUF models (*.gguf);;All files (*)</source>
        <translation>GGUF 模型 (*.gguf);;所有文件 (*)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/model_loader.py" line="285"/>
        <source>Token counting unavailable: %1</source>
        <translation>无法计算 token 数：%1</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/model_loader.py" line="298"/>
        <source>Choose another file</source>
        <translation>选择其他文件</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/model_loader.py" line="303"/>
        <source>Fewer GPU layers</source>
        <translation>减少 GPU 层数</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/model_loader.py" line="306"/>
        <source>Load on CPU</source>
        <translation>在 CPU 上加载</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/model_loader.py" line="310"/>
        <source>Could not load %1: %2</source>
        <translation>无法加载 %1：%2</translation>
    </message>
</context>
<context>
    <name>ModelNotice</name>
    <message>
        <location filename="../../desktop/ui/chat/model_notice.py" line="29"/>
        <source>Switch to Completion</source>
        <translation>切换到续写模式</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/model_notice.py" line="33"/>
        <source>Dismiss</source>
        <translation>关闭</translation>
    </message>
</context>
<context>
    <name>ModelsPage</name>
    <message>
        <location filename="../../desktop/ui/models/page.py" line="46"/>
        <source>Hugging Face</source>
        <translation>Hugging Face</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/models/page.py" line="47"/>
        <source>Installed</source>
        <translation>已安装</translation>
    </message>
</context>
<context>
    <name>NewBaseDialog</name>
    <message>
        <location filename="../../desktop/ui/knowledge/base_dialog.py" line="37"/>
        <source>New knowledge base</source>
        <translation>新建知识库</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/knowledge/base_dialog.py" line="40"/>
        <source>e.g. Project notes</source>
        <translation>例如：项目笔记</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/knowledge/base_dialog.py" line="41"/>
        <source>Words only (no embedding model)</source>
        <translation>仅词语（不用嵌入模型）</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/knowledge/base_dialog.py" line="42"/>
        <source>Words and meaning, with an embedding model:</source>
        <translation>词语和语义，使用嵌入模型：</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/knowledge/base_dialog.py" line="46"/>
        <source>an embedding .gguf file</source>
        <translation>嵌入模型 .gguf 文件</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/knowledge/base_dialog.py" line="47"/>
        <source>Choose…</source>
        <translation>选择…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/knowledge/base_dialog.py" line="53"/>
        <source>Multilingual embedders find Chinese and English alike: bge-m3, bge-small-zh-v1.5, multilingual-e5-small, Qwen3-Embedding-0.6B (GGUF). Without one, search matches words (Chinese included).</source>
        <translation>多语言嵌入模型能同样检索中文和英文：bge-m3、bge-small-zh-v1.5、multilingual-e5-small、Qwen3-Embedding-0.6B（GGUF）。没有嵌入模型时，搜索按词语匹配（包括中文）。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/knowledge/base_dialog.py" line="64"/>
        <location filename="../../desktop/ui/knowledge/base_dialog.py" line="68"/>
        <source> tokens</source>
        <translation> 个 token</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/knowledge/base_dialog.py" line="76"/>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/knowledge/base_dialog.py" line="77"/>
        <source>Search by</source>
        <translation>搜索方式</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/knowledge/base_dialog.py" line="81"/>
        <source>Chunk size</source>
        <translation>分块大小</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/knowledge/base_dialog.py" line="82"/>
        <source>Overlap</source>
        <translation>重叠</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/knowledge/base_dialog.py" line="110"/>
        <source>Give the knowledge base a name.</source>
        <translation>请给知识库起个名字。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/knowledge/base_dialog.py" line="112"/>
        <source>Choose an embedding model, or search by words only.</source>
        <translation>请选择嵌入模型，或只按词语搜索。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/knowledge/base_dialog.py" line="114"/>
        <source>The overlap can be at most half the chunk size.</source>
        <translation>重叠最多为分块大小的一半。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/knowledge/base_dialog.py" line="129"/>
        <source>Embedding model</source>
        <translation>嵌入模型</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/knowledge/base_dialog.py" line="129"/>
        <source>GGUF models (*.gguf)</source>
        <translation>GGUF 模型 (*.gguf)</translation>
    </message>
</context>
<context>
    <name>OutputFormatEditor</name>
    <message>
        <location filename="../../desktop/ui/tools/format_editor.py" line="65"/>
        <source>Output format</source>
        <translation>输出格式</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/tools/format_editor.py" line="77"/>
        <source>Free text</source>
        <translation>自由文本</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/tools/format_editor.py" line="78"/>
        <source>JSON (any object)</source>
        <translation>JSON（任意对象）</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/tools/format_editor.py" line="79"/>
        <source>JSON Schema</source>
        <translation>JSON Schema</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/tools/format_editor.py" line="80"/>
        <source>GBNF grammar</source>
        <translation>GBNF 语法</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/tools/format_editor.py" line="85"/>
        <source>From file…</source>
        <translation>从文件…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/tools/format_editor.py" line="86"/>
        <source>From template…</source>
        <translation>从模板…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/tools/format_editor.py" line="88"/>
        <source>A JSON Schema saved in a prompt template&apos;s default params (json_schema)</source>
        <translation>保存在提示词模板默认参数中的 JSON Schema（json_schema）</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/tools/format_editor.py" line="91"/>
        <source>Show grammar…</source>
        <translation>显示语法…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/tools/format_editor.py" line="208"/>
        <source>Enforced while the model writes; checked when it ends.</source>
        <translation>模型书写时强制，结束时检查。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/tools/format_editor.py" line="218"/>
        <source>{&quot;type&quot;: &quot;object&quot;, &quot;properties&quot;: {&quot;name&quot;: {&quot;type&quot;: &quot;string&quot;}}}</source>
        <translation>{&quot;type&quot;: &quot;object&quot;, &quot;properties&quot;: {&quot;name&quot;: {&quot;type&quot;: &quot;string&quot;}}}</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/tools/format_editor.py" line="220"/>
        <source>root ::= &quot;yes&quot; | &quot;no&quot;</source>
        <translation>root ::= &quot;yes&quot; | &quot;no&quot;</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/tools/format_editor.py" line="246"/>
        <source>Open a GBNF grammar</source>
        <translation>打开 GBNF 语法</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/tools/format_editor.py" line="246"/>
        <source>Open a JSON Schema</source>
        <translation>打开 JSON Schema</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/tools/format_editor.py" line="248"/>
        <source>GBNF grammars (*.gbnf *.txt);;All files (*)</source>
        <translation>GBNF 语法 (*.gbnf *.txt);;所有文件 (*)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/tools/format_editor.py" line="250"/>
        <source>JSON Schemas (*.json);;All files (*)</source>
        <translation>JSON Schema (*.json);;所有文件 (*)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/tools/format_editor.py" line="263"/>
        <source>Cannot read %1: %2</source>
        <translation>无法读取 %1：%2</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/tools/format_editor.py" line="290"/>
        <source>No template has a JSON Schema in its default params yet</source>
        <translation>还没有模板在默认参数中包含 JSON Schema</translation>
    </message>
</context>
<context>
    <name>PaneHeader</name>
    <message>
        <location filename="../../desktop/ui/compare/pane_header.py" line="56"/>
        <source>The model this pane runs</source>
        <translation>此窗格运行的模型</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/compare/pane_header.py" line="59"/>
        <source>Open a model file for this pane</source>
        <translation>为此窗格打开模型文件</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/compare/pane_header.py" line="63"/>
        <source>Remove this pane</source>
        <translation>移除此窗格</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/compare/pane_header.py" line="77"/>
        <source>Temperature</source>
        <translation>温度</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/compare/pane_header.py" line="82"/>
        <source>Top-p</source>
        <translation>Top-p</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/compare/pane_header.py" line="85"/>
        <source>random</source>
        <translation>随机</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/compare/pane_header.py" line="88"/>
        <source>Seed: panes left on random share one random seed per message</source>
        <translation>种子：设为“随机”的窗格每条消息共用同一个随机种子</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/compare/pane_header.py" line="91"/>
        <source>System</source>
        <translation>系统</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/compare/pane_header.py" line="93"/>
        <source>A system prompt for this pane</source>
        <translation>此窗格的系统提示词</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/compare/pane_header.py" line="96"/>
        <source>System prompt (optional)</source>
        <translation>系统提示词（可选）</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/compare/pane_header.py" line="110"/>
        <source>T</source>
        <translation>温度</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/compare/pane_header.py" line="111"/>
        <source>top-p</source>
        <translation>top-p</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/compare/pane_header.py" line="112"/>
        <source>seed</source>
        <translation>种子</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/compare/pane_header.py" line="180"/>
        <source>Open a model file</source>
        <translation>打开模型文件</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/compare/pane_header.py" line="180"/>
        <source>GGUF models (*.gguf)</source>
        <translation>GGUF 模型 (*.gguf)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/compare/pane_header.py" line="217"/>
        <source>%1 (file missing)</source>
        <translation>%1（文件缺失）</translation>
    </message>
</context>
<context>
    <name>PlaceholderHighlighter</name>
    <message>
        <location filename="../../desktop/ui/templates/placeholder_highlighter.py" line="53"/>
        <source>Unknown variable</source>
        <translation>未知变量</translation>
    </message>
</context>
<context>
    <name>Probabilities</name>
    <message>
        <location filename="../../desktop/ui/chat/probabilities.py" line="79"/>
        <source>Chosen</source>
        <translation>已选</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/probabilities.py" line="91"/>
        <source>raw distribution</source>
        <translation>原始分布</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/probabilities.py" line="93"/>
        <source>after sampling filters</source>
        <translation>采样过滤后</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/probabilities.py" line="111"/>
        <source>The grammar removed %1% of the probability.</source>
        <translation>语法移除了 %1% 的概率。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/probabilities.py" line="122"/>
        <source>Allowed by the grammar:</source>
        <translation>语法允许的：</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/probabilities.py" line="139"/>
        <source>Regenerate from here with:</source>
        <translation>从此处重新生成，改用：</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/probabilities.py" line="161"/>
        <source>No alternatives were recorded for this token</source>
        <translation>此 token 没有记录候选项</translation>
    </message>
</context>
<context>
    <name>ProbeReport</name>
    <message>
        <location filename="../../desktop/ui/backends/probe_report.py" line="26"/>
        <source>its own tokenizer (exact token counts)</source>
        <translation>自己的分词器（精确 token 数）</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/backends/probe_report.py" line="27"/>
        <source>each token&apos;s text</source>
        <translation>每个 token 的文本</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/backends/probe_report.py" line="28"/>
        <source>token probabilities and alternatives</source>
        <translation>token 概率和候选</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/backends/probe_report.py" line="29"/>
        <source>raw prompts (completion mode)</source>
        <translation>原始提示词（补全模式）</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/backends/probe_report.py" line="30"/>
        <source>prompts as token ids (exact branches)</source>
        <translation>以 token id 表示的提示词（精确分支）</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/backends/probe_report.py" line="31"/>
        <source>its chat template</source>
        <translation>其聊天模板</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/backends/probe_report.py" line="32"/>
        <source>the exact prompt text</source>
        <translation>精确的提示词文本</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/backends/probe_report.py" line="33"/>
        <source>embeddings</source>
        <translation>嵌入</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/backends/probe_report.py" line="34"/>
        <source>GBNF grammars</source>
        <translation>GBNF 语法</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/backends/probe_report.py" line="35"/>
        <source>JSON schema output</source>
        <translation>JSON Schema 输出</translation>
    </message>
</context>
<context>
    <name>PromptMessagesModel</name>
    <message>
        <location filename="../../desktop/ui/tokenizer/prompt_messages.py" line="27"/>
        <source>Role</source>
        <translation>角色</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/tokenizer/prompt_messages.py" line="27"/>
        <source>Content</source>
        <translation>内容</translation>
    </message>
</context>
<context>
    <name>RemoteConfigDialog</name>
    <message>
        <location filename="../../desktop/ui/experiments/remote_config.py" line="16"/>
        <source>Add a server&apos;s model</source>
        <translation>添加服务器的模型</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/experiments/remote_config.py" line="26"/>
        <source>the server&apos;s default model</source>
        <translation>服务器的默认模型</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/experiments/remote_config.py" line="27"/>
        <source>Server</source>
        <translation>服务器</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/experiments/remote_config.py" line="28"/>
        <source>Model</source>
        <translation>模型</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/experiments/remote_config.py" line="30"/>
        <source>No servers yet: add one in Settings &gt; Backends.</source>
        <translation>还没有服务器：请在“设置 &gt; 后端”中添加。</translation>
    </message>
</context>
<context>
    <name>ReplyFormat</name>
    <message>
        <location filename="../../desktop/ui/chat/format_footer.py" line="48"/>
        <source>✓ fits</source>
        <translation>✓ 符合</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/format_footer.py" line="64"/>
        <source>constraint cost %1 nats over %2 tokens · mean %3% removed · max %4%</source>
        <translation>约束代价 %1 nats，共 %2 个 token · 平均移除 %3% · 最多 %4%</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/reply_format.py" line="107"/>
        <source>JSON object</source>
        <translation>JSON 对象</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/reply_format.py" line="111"/>
        <source>JSON Schema “%1”</source>
        <translation>JSON Schema “%1”</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/reply_format.py" line="114"/>
        <source>JSON Schema</source>
        <translation>JSON Schema</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/reply_format.py" line="116"/>
        <source>GBNF grammar</source>
        <translation>GBNF 语法</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/reply_format.py" line="117"/>
        <source>free text</source>
        <translation>自由文本</translation>
    </message>
</context>
<context>
    <name>ReplyKnowledgeDialog</name>
    <message>
        <location filename="../../desktop/ui/chat/knowledge_dialog.py" line="71"/>
        <source>Knowledge used for this reply</source>
        <translation>此回复使用的知识</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/knowledge_dialog.py" line="99"/>
        <source>Show in the Knowledge page</source>
        <translation>在知识库页面中显示</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/knowledge_dialog.py" line="114"/>
        <source>Nothing in the attached knowledge matched this message.</source>
        <translation>所附知识库中没有与此消息匹配的内容。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/knowledge_dialog.py" line="145"/>
        <source>Rendering the prompt…</source>
        <translation>正在渲染提示词…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/knowledge_dialog.py" line="158"/>
        <source>Sources</source>
        <translation>来源</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/knowledge_dialog.py" line="159"/>
        <source>Injected message</source>
        <translation>注入后的消息</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/knowledge_dialog.py" line="160"/>
        <source>Rendered prompt</source>
        <translation>渲染后的提示词</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/knowledge_dialog.py" line="161"/>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/knowledge_dialog.py" line="177"/>
        <source>Your message was sent as typed: nothing matched it.</source>
        <translation>你的消息按原样发送：没有匹配的内容。</translation>
    </message>
    <message numerus="yes">
        <location filename="../../desktop/ui/chat/knowledge_dialog.py" line="180"/>
        <source>The template put %n chunk(s) around your message (marked); its cost in tokens is unknown (no model counted it).</source>
        <translation>
            <numerusform>模板在你的消息周围放入了 %n 个分块（已标出）；其 token 开销未知（没有模型计数）。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../desktop/ui/chat/knowledge_dialog.py" line="187"/>
        <source>The template put %n chunk(s) around your message (marked).</source>
        <translation>
            <numerusform>模板在你的消息周围放入了 %n 个分块（已标出）。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../desktop/ui/chat/knowledge_dialog.py" line="190"/>
        <source>They cost %n token(s) of the model&apos;s context.</source>
        <translation>
            <numerusform>它们占用了模型上下文中的 %n 个 token。</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/knowledge_dialog.py" line="221"/>
        <source>BM25 %1 · Vector %2 · Fused %3</source>
        <translation>BM25 %1 · 向量 %2 · 融合 %3</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/knowledge_dialog.py" line="246"/>
        <source>Load a model to see the whole prompt through its chat template.</source>
        <translation>加载模型后即可查看经其聊天模板渲染的完整提示词。</translation>
    </message>
    <message numerus="yes">
        <location filename="../../desktop/ui/chat/knowledge_dialog.py" line="263"/>
        <source>%n token(s) in this prompt</source>
        <translation>
            <numerusform>此提示词共 %n 个 token</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/knowledge_dialog.py" line="265"/>
        <source>%1 of them from knowledge (marked)</source>
        <translation>其中 %1 个来自知识库（已标出）</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/knowledge_dialog.py" line="273"/>
        <source>The prompt could not be rendered: %1</source>
        <translation>无法渲染提示词：%1</translation>
    </message>
</context>
<context>
    <name>RequestDetail</name>
    <message>
        <location filename="../../desktop/ui/server/request_detail.py" line="72"/>
        <source>Open in chat</source>
        <translation>在聊天中打开</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/server/request_detail.py" line="74"/>
        <source>Open the conversation this request was saved as</source>
        <translation>打开这个请求保存成的对话</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/server/request_detail.py" line="80"/>
        <location filename="../../desktop/ui/server/request_detail.py" line="148"/>
        <source>Prompt</source>
        <translation>提示词</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/server/request_detail.py" line="84"/>
        <source>Reply</source>
        <translation>回复</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/server/request_detail.py" line="106"/>
        <source>Prompt and reply</source>
        <translation>提示词与回复</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/server/request_detail.py" line="107"/>
        <source>Request JSON</source>
        <translation>请求 JSON</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/server/request_detail.py" line="125"/>
        <source>Select a request to see it as the model saw it.</source>
        <translation>选择一个请求，查看模型所看到的样子。</translation>
    </message>
    <message numerus="yes">
        <location filename="../../desktop/ui/server/request_detail.py" line="150"/>
        <source>Prompt: %n token(s), as the model read them</source>
        <translation>
            <numerusform>提示词：%n 个 token，即模型读到的样子</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../desktop/ui/server/request_detail.py" line="216"/>
        <source>Model: %1 on %2</source>
        <translation>模型：%1（%2）</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/server/request_detail.py" line="233"/>
        <source>Had no effect: %1</source>
        <translation>未起作用：%1</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/server/request_detail.py" line="261"/>
        <source>waited %1</source>
        <translation>等待 %1</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/server/request_detail.py" line="263"/>
        <source>first token after %1</source>
        <translation>首个 token 用时 %1</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/server/request_detail.py" line="265"/>
        <source>total %1</source>
        <translation>共 %1</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/server/request_detail.py" line="267"/>
        <source>%1 tokens/s</source>
        <translation>%1 token/秒</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/server/request_detail.py" line="269"/>
        <source>stopped %1 after the client left</source>
        <translation>客户端离开后 %1 停止</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/server/request_detail.py" line="279"/>
        <source>Tool call: %1</source>
        <translation>工具调用：%1</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/server/request_detail.py" line="285"/>
        <source>Ended: %1</source>
        <translation>结束原因：%1</translation>
    </message>
</context>
<context>
    <name>RequestListModel</name>
    <message>
        <location filename="../../desktop/ui/server/request_model.py" line="23"/>
        <source>received</source>
        <translation>已接收</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/server/request_model.py" line="24"/>
        <source>waiting</source>
        <translation>等待中</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/server/request_model.py" line="25"/>
        <source>answering</source>
        <translation>回答中</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/server/request_model.py" line="26"/>
        <source>done</source>
        <translation>完成</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/server/request_model.py" line="27"/>
        <source>cancelled</source>
        <translation>已取消</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/server/request_model.py" line="28"/>
        <source>failed</source>
        <translation>失败</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/server/request_model.py" line="29"/>
        <source>refused</source>
        <translation>已拒绝</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/server/request_model.py" line="32"/>
        <source>chat</source>
        <translation>聊天</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/server/request_model.py" line="33"/>
        <source>completion</source>
        <translation>补全</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/server/request_model.py" line="43"/>
        <source>waiting for the chat</source>
        <translation>等待聊天</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/server/request_model.py" line="53"/>
        <source>%1 ms</source>
        <translation>%1 毫秒</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/server/request_model.py" line="56"/>
        <source>%1 s</source>
        <translation>%1 秒</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/server/request_model.py" line="61"/>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/server/request_model.py" line="62"/>
        <source>Client</source>
        <translation>客户端</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/server/request_model.py" line="63"/>
        <source>Request</source>
        <translation>请求</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/server/request_model.py" line="64"/>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/server/request_model.py" line="65"/>
        <source>Tokens</source>
        <translation>Token</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/server/request_model.py" line="66"/>
        <source>First token</source>
        <translation>首个 token</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/server/request_model.py" line="67"/>
        <source>Total</source>
        <translation>总计</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/server/request_model.py" line="161"/>
        <source>%1, streamed</source>
        <translation>%1，流式</translation>
    </message>
</context>
<context>
    <name>ResultsGridModel</name>
    <message>
        <location filename="../../desktop/ui/experiments/results.py" line="141"/>
        <source>(not run)</source>
        <translation>（未运行）</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/experiments/results.py" line="144"/>
        <source>Error: %1</source>
        <translation>错误：%1</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/experiments/results.py" line="148"/>
        <source>seed %1, finish: %2</source>
        <translation>种子 %1，结束原因：%2</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/experiments/results.py" line="209"/>
        <source>pass %1%</source>
        <translation>通过 %1%</translation>
    </message>
</context>
<context>
    <name>RunCompareModel</name>
    <message>
        <location filename="../../desktop/ui/experiments/results.py" line="371"/>
        <source>Version</source>
        <translation>版本</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/experiments/results.py" line="372"/>
        <source>Case</source>
        <translation>用例</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/experiments/results.py" line="373"/>
        <source>Config</source>
        <translation>配置</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/experiments/results.py" line="374"/>
        <source>Repeat</source>
        <translation>重复</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/experiments/results.py" line="375"/>
        <source>Output A</source>
        <translation>输出 A</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/experiments/results.py" line="376"/>
        <source>Output B</source>
        <translation>输出 B</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/experiments/results.py" line="377"/>
        <source>A</source>
        <translation>A</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/experiments/results.py" line="378"/>
        <source>B</source>
        <translation>B</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/experiments/results.py" line="397"/>
        <source>(missing)</source>
        <translation>（缺失）</translation>
    </message>
</context>
<context>
    <name>RunListModel</name>
    <message>
        <location filename="../../desktop/ui/experiments/results.py" line="306"/>
        <source>(no comparison)</source>
        <translation>（不对比）</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/experiments/results.py" line="311"/>
        <source>Run %1 · %2 · %3 · %4/%5 cells</source>
        <translation>运行 %1 · %2 · %3 · %4/%5 个单元格</translation>
    </message>
</context>
<context>
    <name>RunWait</name>
    <message>
        <location filename="../../desktop/ui/experiments/run_wait.py" line="84"/>
        <source>Waiting for the API server&apos;s request to finish…</source>
        <translation>正在等待 API 服务器的请求完成…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/experiments/run_wait.py" line="85"/>
        <source>Waiting for the chat&apos;s reply to finish…</source>
        <translation>正在等待聊天回复完成…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/experiments/run_wait.py" line="86"/>
        <source>Waiting for the model to finish loading…</source>
        <translation>正在等待模型加载完成…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/experiments/run_wait.py" line="89"/>
        <source>The run starts by itself; Cancel stops waiting.</source>
        <translation>运行会自动开始；点“取消”可停止等待。</translation>
    </message>
</context>
<context>
    <name>SamplingPresets</name>
    <message>
        <location filename="../../desktop/core/engine/presets.py" line="25"/>
        <source>Precise</source>
        <translation>精确</translation>
    </message>
    <message>
        <location filename="../../desktop/core/engine/presets.py" line="28"/>
        <source>Balanced</source>
        <translation>均衡</translation>
    </message>
    <message>
        <location filename="../../desktop/core/engine/presets.py" line="31"/>
        <source>Creative</source>
        <translation>创意</translation>
    </message>
</context>
<context>
    <name>SavedEntryLabel</name>
    <message numerus="yes">
        <location filename="../../desktop/ui/compare/saved_menu.py" line="26"/>
        <source>%n pane(s)</source>
        <translation>
            <numerusform>%n 个窗格</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../desktop/ui/compare/saved_menu.py" line="27"/>
        <source>%n message(s)</source>
        <translation>
            <numerusform>%n 条消息</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>SearchPanel</name>
    <message>
        <location filename="../../desktop/ui/knowledge/search_panel.py" line="43"/>
        <source>Search this knowledge base (English or 中文)</source>
        <translation>搜索此知识库（中文或英文）</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/knowledge/search_panel.py" line="47"/>
        <source>top </source>
        <translation>前 </translation>
    </message>
    <message>
        <location filename="../../desktop/ui/knowledge/search_panel.py" line="48"/>
        <source>Search</source>
        <translation>搜索</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/knowledge/search_panel.py" line="67"/>
        <source>Pick a hit to read its whole chunk.</source>
        <translation>选择一条结果即可阅读完整分块。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/knowledge/search_panel.py" line="68"/>
        <source>Show among its document&apos;s chunks</source>
        <translation>在所属文档的分块中显示</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/knowledge/search_panel.py" line="81"/>
        <source>BM25 ranks by matching words, Vector by meaning (cosine similarity, when the base has an embedding model); Fused adds 1/(60 + rank) from each list.</source>
        <translation>BM25 按匹配的词语排序，向量按语义排序（余弦相似度，知识库有嵌入模型时才有）；融合分数把每个列表的 1/(60 + 名次) 相加。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/knowledge/search_panel.py" line="123"/>
        <source>Searching…</source>
        <translation>正在搜索…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/knowledge/search_panel.py" line="141"/>
        <source>words and meaning</source>
        <translation>词语和语义</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/knowledge/search_panel.py" line="142"/>
        <source>words only</source>
        <translation>仅词语</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/knowledge/search_panel.py" line="143"/>
        <source>meaning only</source>
        <translation>仅语义</translation>
    </message>
    <message numerus="yes">
        <location filename="../../desktop/ui/knowledge/search_panel.py" line="147"/>
        <source>%n hit(s)</source>
        <translation>
            <numerusform>%n 条结果</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../desktop/ui/knowledge/search_panel.py" line="149"/>
        <source>searched by %1 in %2 ms</source>
        <translation>按%1搜索，用时 %2 毫秒</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/knowledge/search_panel.py" line="163"/>
        <source>The search failed: %1</source>
        <translation>搜索失败：%1</translation>
    </message>
</context>
<context>
    <name>ServerForm</name>
    <message>
        <location filename="../../desktop/ui/server/settings_form.py" line="41"/>
        <source>This computer only</source>
        <translation>仅本机</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/server/settings_form.py" line="42"/>
        <source>Every network this computer is on</source>
        <translation>本机所在的所有网络</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/server/settings_form.py" line="44"/>
        <source>127.0.0.1 answers this computer only; any other address needs an API key.</source>
        <translation>127.0.0.1 只应答本机；其他任何地址都需要 API 密钥。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/server/settings_form.py" line="50"/>
        <source>any free port</source>
        <translation>任一空闲端口</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/server/settings_form.py" line="54"/>
        <source>none (127.0.0.1 only)</source>
        <translation>无（仅限 127.0.0.1）</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/server/settings_form.py" line="56"/>
        <source>Clients send it as Authorization: Bearer KEY. Kept in the system keyring.</source>
        <translation>客户端以 Authorization: Bearer KEY 发送。保存在系统密钥环中。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/server/settings_form.py" line="58"/>
        <source>New key</source>
        <translation>新密钥</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/server/settings_form.py" line="60"/>
        <source>Copy key</source>
        <translation>复制密钥</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/server/settings_form.py" line="64"/>
        <source>none: browsers are refused</source>
        <translation>无：拒绝浏览器</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/server/settings_form.py" line="67"/>
        <source>Web pages allowed to call the server from a browser, e.g. http://localhost:3000 (separate several with spaces).</source>
        <translation>允许从浏览器调用服务器的网页，例如 http://localhost:3000（多个用空格分隔）。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/server/settings_form.py" line="71"/>
        <source>Save requests as conversations (tagged API)</source>
        <translation>将请求保存为对话（标记为 API）</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/server/settings_form.py" line="74"/>
        <source>Record every reply&apos;s probabilities</source>
        <translation>记录每个回复的概率</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/server/settings_form.py" line="78"/>
        <source>Shades each reply below even when the client asks for no logprobs.</source>
        <translation>即使客户端没有请求 logprobs，也为下方每个回复着色。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/server/settings_form.py" line="83"/>
        <source>Address</source>
        <translation>地址</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/server/settings_form.py" line="86"/>
        <source>Port</source>
        <translation>端口</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/server/settings_form.py" line="89"/>
        <source>API key</source>
        <translation>API 密钥</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/server/settings_form.py" line="95"/>
        <source>CORS origins</source>
        <translation>CORS 来源</translation>
    </message>
</context>
<context>
    <name>ServerPage</name>
    <message>
        <location filename="../../desktop/ui/server/page.py" line="76"/>
        <source>API server</source>
        <translation>API 服务器</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/server/page.py" line="138"/>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/server/page.py" line="140"/>
        <source>Call it</source>
        <translation>调用方式</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/server/page.py" line="205"/>
        <source>The key could not be kept in the system keyring (%1): it works until Tessera closes.</source>
        <translation>无法把密钥保存到系统密钥环（%1）：它在 Tessera 关闭前有效。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/server/page.py" line="226"/>
        <source>Enter an API key (New key makes one), or serve on 127.0.0.1.</source>
        <translation>请输入 API 密钥（“新密钥”可生成一个），或在 127.0.0.1 上提供服务。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/server/page.py" line="237"/>
        <source>Stopped</source>
        <translation>已停止</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/server/page.py" line="238"/>
        <source>Starting…</source>
        <translation>正在启动…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/server/page.py" line="239"/>
        <source>Stopping…</source>
        <translation>正在停止…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/server/page.py" line="240"/>
        <source>Listening at %1</source>
        <translation>正在监听 %1</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/server/page.py" line="243"/>
        <source>Stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/server/page.py" line="243"/>
        <source>Start</source>
        <translation>启动</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/server/page.py" line="269"/>
        <source>No model is loaded: load one in the chat (requests get 503 until then).</source>
        <translation>尚未加载模型：请在聊天中加载一个（在此之前请求会得到 503）。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/server/page.py" line="273"/>
        <source>Serves %1, the chat&apos;s model.</source>
        <translation>提供聊天所用的模型 %1。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/server/page.py" line="303"/>
        <source>Answering a request: the chat and experiment runs wait until it is done.</source>
        <translation>正在回答一个请求：聊天和实验运行会等它完成。</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <location filename="../../desktop/ui/settings_dialog.py" line="39"/>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings_dialog.py" line="43"/>
        <source>Enter sends the message (Shift+Enter for a new line)</source>
        <translation>按 Enter 发送消息（Shift+Enter 换行）</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings_dialog.py" line="48"/>
        <source>Otherwise Ctrl+Enter sends and Enter starts a new line.</source>
        <translation>不勾选时，按 Ctrl+Enter 发送，按 Enter 换行。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings_dialog.py" line="51"/>
        <source>Follow the system</source>
        <translation>跟随系统</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings_dialog.py" line="52"/>
        <source>Light</source>
        <translation>浅色</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings_dialog.py" line="53"/>
        <source>Dark</source>
        <translation>深色</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings_dialog.py" line="55"/>
        <source>Theme</source>
        <translation>主题</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings_dialog.py" line="68"/>
        <source>General</source>
        <translation>常规</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings_dialog.py" line="69"/>
        <source>Backends</source>
        <translation>后端</translation>
    </message>
</context>
<context>
    <name>TemplateDialog</name>
    <message>
        <location filename="../../desktop/ui/chat/load_settings.py" line="36"/>
        <source>Chat template</source>
        <translation>对话模板</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/load_settings.py" line="51"/>
        <source>Jinja template (messages, add_generation_prompt, bos_token):</source>
        <translation>Jinja 模板（messages、add_generation_prompt、bos_token）：</translation>
    </message>
</context>
<context>
    <name>TemplateEditor</name>
    <message>
        <location filename="../../desktop/ui/knowledge/template_editor.py" line="35"/>
        <source>When a chat has knowledge bases attached, each message you send is replaced by this template: {context} becomes the numbered chunks found for it, {question} what you typed. Each chunk is written with the chunk format: {number}, {source} (file and lines or pages), {path} and {text}.</source>
        <translation>聊天附加了知识库时，你发送的每条消息都会替换为此模板：{context} 换成为它找到的编号分块，{question} 换成你输入的内容。每个分块按分块格式写出：{number}、{source}（文件及行号或页码）、{path} 和 {text}。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/knowledge/template_editor.py" line="51"/>
        <source>Between chunks; \n is a new line</source>
        <translation>分块之间的分隔；
 表示换行</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/knowledge/template_editor.py" line="52"/>
        <source>English default</source>
        <translation>英文默认</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/knowledge/template_editor.py" line="53"/>
        <source>Chinese default</source>
        <translation>中文默认</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/knowledge/template_editor.py" line="54"/>
        <source>Save</source>
        <translation>保存</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/knowledge/template_editor.py" line="60"/>
        <source>Message</source>
        <translation>消息</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/knowledge/template_editor.py" line="61"/>
        <source>Chunk format</source>
        <translation>分块格式</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/knowledge/template_editor.py" line="62"/>
        <source>Between chunks</source>
        <translation>分块之间</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/knowledge/template_editor.py" line="101"/>
        <source>Not saved yet.</source>
        <translation>尚未保存。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/knowledge/template_editor.py" line="120"/>
        <source>Saved: the next message of every chat with knowledge uses it.</source>
        <translation>已保存：所有附加了知识库的聊天，下一条消息起都会使用它。</translation>
    </message>
</context>
<context>
    <name>TemplateHistoryView</name>
    <message>
        <location filename="../../desktop/ui/templates/history.py" line="52"/>
        <source>Restore selected version</source>
        <translation>恢复所选版本</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/templates/history.py" line="58"/>
        <source>Compare</source>
        <translation>比较</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/templates/history.py" line="60"/>
        <source>with</source>
        <translation>与</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/templates/history.py" line="83"/>
        <source>A built-in template has a single version.</source>
        <translation>内置模板只有一个版本。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/templates/history.py" line="98"/>
        <source>v%1 and v%2 are identical.</source>
        <translation>v%1 与 v%2 完全相同。</translation>
    </message>
</context>
<context>
    <name>TemplateListModel</name>
    <message>
        <location filename="../../desktop/ui/templates/item_models.py" line="36"/>
        <source>%1 (built-in, %2)</source>
        <translation>%1（内置，%2）</translation>
    </message>
</context>
<context>
    <name>TemplatesPanel</name>
    <message>
        <location filename="../../desktop/ui/templates/panel.py" line="65"/>
        <source>Filter templates</source>
        <translation>筛选模板</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/templates/panel.py" line="71"/>
        <source>New</source>
        <translation>新建</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/templates/panel.py" line="72"/>
        <source>Duplicate</source>
        <translation>创建副本</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/templates/panel.py" line="73"/>
        <location filename="../../desktop/ui/templates/panel.py" line="405"/>
        <source>Delete</source>
        <translation>删除</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/templates/panel.py" line="94"/>
        <source>Use</source>
        <translation>使用</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/templates/panel.py" line="95"/>
        <source>Edit</source>
        <translation>编辑</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/templates/panel.py" line="98"/>
        <source>History</source>
        <translation>历史</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/templates/panel.py" line="121"/>
        <source>Send to chat</source>
        <translation>发送到聊天</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/templates/panel.py" line="122"/>
        <source>Send to new chat</source>
        <translation>发送到新聊天</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/templates/panel.py" line="123"/>
        <source>Use as system prompt</source>
        <translation>用作系统提示词</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/templates/panel.py" line="141"/>
        <source>comma, separated</source>
        <translation>用逗号分隔</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/templates/panel.py" line="143"/>
        <source>Chat (system + user message)</source>
        <translation>聊天（系统 + 用户消息）</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/templates/panel.py" line="144"/>
        <source>Completion (raw text)</source>
        <translation>补全（原始文本）</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/templates/panel.py" line="154"/>
        <source>What changed in this version (optional)</source>
        <translation>此版本的改动（可选）</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/templates/panel.py" line="160"/>
        <source>Variables: {{name}} or {{name=default}}. Write \{{ for literal braces. Every save keeps the previous version in History.</source>
        <translation>变量：{{name}} 或 {{name=default}}。用 \{{ 表示字面大括号。每次保存都会在“历史”中保留上一个版本。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/templates/panel.py" line="166"/>
        <source>Built-in templates are read-only: duplicate one to edit it.</source>
        <translation>内置模板为只读：请创建副本后再编辑。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/templates/panel.py" line="168"/>
        <source>Save version</source>
        <translation>保存版本</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/templates/panel.py" line="175"/>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/templates/panel.py" line="176"/>
        <source>Description</source>
        <translation>描述</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/templates/panel.py" line="177"/>
        <source>Tags</source>
        <translation>标签</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/templates/panel.py" line="178"/>
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/templates/panel.py" line="179"/>
        <source>System</source>
        <translation>系统提示词</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/templates/panel.py" line="180"/>
        <source>Body</source>
        <translation>正文</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/templates/panel.py" line="181"/>
        <source>Default params</source>
        <translation>默认参数</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/templates/panel.py" line="182"/>
        <source>Note</source>
        <translation>备注</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/templates/panel.py" line="313"/>
        <source>Problems: %1</source>
        <translation>问题：%1</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/templates/panel.py" line="326"/>
        <source>New template: give it a name and a body, then save.</source>
        <translation>新模板：填写名称和正文，然后保存。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/templates/panel.py" line="337"/>
        <source>Default params must be a JSON object, e.g. {&quot;temperature&quot;: 0.7}. Nothing was saved.</source>
        <translation>默认参数必须是 JSON 对象，例如 {&quot;temperature&quot;: 0.7}。未保存任何内容。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/templates/panel.py" line="357"/>
        <source>Saved %1 as version %2.</source>
        <translation>已将 %1 保存为版本 %2。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/templates/panel.py" line="376"/>
        <source>Duplicated as %1: edit and save it.</source>
        <translation>已复制为 %1：编辑后保存即可。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/templates/panel.py" line="384"/>
        <source>Click again to delete</source>
        <translation>再次点击以删除</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/templates/panel.py" line="396"/>
        <source>Deleted %1 and its history.</source>
        <translation>已删除 %1 及其历史。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/templates/panel.py" line="420"/>
        <source>Restored v%1 as v%2.</source>
        <translation>已将 v%1 恢复为 v%2。</translation>
    </message>
</context>
<context>
    <name>ThinkingLabel</name>
    <message numerus="yes">
        <location filename="../../desktop/ui/chat/thinking_block.py" line="29"/>
        <source>Thinking… · %n token(s)</source>
        <translation>
            <numerusform>思考中… · %n 个 token</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/thinking_block.py" line="30"/>
        <source>Thinking…</source>
        <translation>思考中…</translation>
    </message>
    <message numerus="yes">
        <location filename="../../desktop/ui/chat/thinking_block.py" line="34"/>
        <source>Thought for %1 s · %n token(s)</source>
        <translation>
            <numerusform>思考了 %1 秒 · %n 个 token</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/thinking_block.py" line="35"/>
        <source>Thought for %1 s</source>
        <translation>思考了 %1 秒</translation>
    </message>
    <message numerus="yes">
        <location filename="../../desktop/ui/chat/thinking_block.py" line="37"/>
        <source>Thinking · %n token(s)</source>
        <translation>
            <numerusform>思考 · %n 个 token</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/thinking_block.py" line="38"/>
        <source>Thinking</source>
        <translation>思考</translation>
    </message>
</context>
<context>
    <name>TokenTableModel</name>
    <message>
        <location filename="../../desktop/ui/tokenizer/token_table.py" line="23"/>
        <source>#</source>
        <translation>#</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/tokenizer/token_table.py" line="24"/>
        <source>id</source>
        <translation>id</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/tokenizer/token_table.py" line="25"/>
        <source>text</source>
        <translation>文本</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/tokenizer/token_table.py" line="26"/>
        <source>bytes (hex)</source>
        <translation>字节 (hex)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/tokenizer/token_table.py" line="27"/>
        <source>kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/tokenizer/token_table.py" line="28"/>
        <source>piece in vocabulary</source>
        <translation>词表中的片段</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/tokenizer/token_table.py" line="29"/>
        <source>bytes in input</source>
        <translation>输入中的字节</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/tokenizer/token_table.py" line="32"/>
        <source>normal</source>
        <translation>普通</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/tokenizer/token_table.py" line="33"/>
        <source>control</source>
        <translation>控制</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/tokenizer/token_table.py" line="34"/>
        <source>byte</source>
        <translation>字节</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/tokenizer/token_table.py" line="35"/>
        <source>user-defined</source>
        <translation>用户定义</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/tokenizer/token_table.py" line="36"/>
        <source>unknown</source>
        <translation>未知</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/tokenizer/token_table.py" line="37"/>
        <source>unused</source>
        <translation>未使用</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/tokenizer/token_table.py" line="106"/>
        <source>Special token: the model reads it as a control signal, not text.</source>
        <translation>特殊 token：模型将其视为控制信号，而不是文本。</translation>
    </message>
</context>
<context>
    <name>TokenizerColumn</name>
    <message>
        <location filename="../../desktop/ui/tokenizer/column.py" line="51"/>
        <source>Remove this tokenizer from the comparison</source>
        <translation>从对比中移除此分词器</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/tokenizer/column.py" line="68"/>
        <source>Copy ids</source>
        <translation>复制 id</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/tokenizer/column.py" line="75"/>
        <source>Tokens</source>
        <translation>Token</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/tokenizer/column.py" line="76"/>
        <source>Ids</source>
        <translation>Id</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/tokenizer/column.py" line="110"/>
        <source>{name} (the chat&apos;s server)</source>
        <translation>{name}（聊天所用的服务器）</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/tokenizer/column.py" line="112"/>
        <source>{name} (loaded model)</source>
        <translation>{name}（已加载的模型）</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/tokenizer/column.py" line="114"/>
        <source>{name} (server)</source>
        <translation>{name}（服务器）</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/tokenizer/column.py" line="116"/>
        <source>{name} (needs download)</source>
        <translation>{name}（需要下载）</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/tokenizer/column.py" line="118"/>
        <source>{name} (tiktoken)</source>
        <translation>{name} (tiktoken)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/tokenizer/column.py" line="125"/>
        <source>Other GGUF file…</source>
        <translation>其他 GGUF 文件…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/tokenizer/column.py" line="151"/>
        <source>Loading {name}…</source>
        <translation>正在加载 {name}…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/tokenizer/column.py" line="164"/>
        <source>{tokens} tokens · {chars} characters · {bytes} bytes · {cpt:.2f} characters/token</source>
        <translation>{tokens} 个 token · {chars} 个字符 · {bytes} 字节 · {cpt:.2f} 字符/token</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/tokenizer/column.py" line="175"/>
        <source>Prompt: {n} of {ctx} context tokens ({share:.1%})</source>
        <translation>提示词：{n} / {ctx} 个上下文 token（{share:.1%}）</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/tokenizer/column.py" line="180"/>
        <source>No chat template in this tokenizer: rendered as ChatML.</source>
        <translation>此分词器没有聊天模板：按 ChatML 渲染。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/tokenizer/column.py" line="198"/>
        <source>#{index} · id {id} · {kind} · piece {piece} · bytes {hex} · {start}–{end}</source>
        <translation>#{index} · id {id} · {kind} · 片段 {piece} · 字节 {hex} · {start}–{end}</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/tokenizer/column.py" line="210"/>
        <source>…</source>
        <translation>…</translation>
    </message>
</context>
<context>
    <name>TokenizerPanel</name>
    <message>
        <location filename="../../desktop/ui/tokenizer/panel.py" line="62"/>
        <source>Type or paste text to see its tokens</source>
        <translation>输入或粘贴文本以查看其 token</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/tokenizer/panel.py" line="63"/>
        <source>Open text file…</source>
        <translation>打开文本文件…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/tokenizer/panel.py" line="76"/>
        <source>You are a helpful assistant.</source>
        <translation>你是一个乐于助人的助手。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/tokenizer/panel.py" line="77"/>
        <source>Hello! 你好！</source>
        <translation>Hello! 你好！</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/tokenizer/panel.py" line="89"/>
        <source>Add message</source>
        <translation>添加消息</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/tokenizer/panel.py" line="90"/>
        <source>Remove message</source>
        <translation>移除消息</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/tokenizer/panel.py" line="91"/>
        <source>Add the assistant&apos;s turn opener</source>
        <translation>添加助手回合起始标记</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/tokenizer/panel.py" line="93"/>
        <source>What the model receives when asked to reply (add_generation_prompt)</source>
        <translation>请求模型回复时它收到的内容 (add_generation_prompt)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/tokenizer/panel.py" line="108"/>
        <source>Text</source>
        <translation>文本</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/tokenizer/panel.py" line="109"/>
        <source>Prompt</source>
        <translation>提示词</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/tokenizer/panel.py" line="111"/>
        <source>The conversation through the model&apos;s chat template: what the model reads</source>
        <translation>经过模型聊天模板渲染的对话：即模型实际读到的内容</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/tokenizer/panel.py" line="115"/>
        <source>Show whitespace</source>
        <translation>显示空白字符</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/tokenizer/panel.py" line="116"/>
        <source>Spaces as ·, tabs as →, line breaks as ↵</source>
        <translation>空格显示为 ·，制表符为 →，换行为 ↵</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/tokenizer/panel.py" line="117"/>
        <source>Parse special tokens</source>
        <translation>解析特殊 token</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/tokenizer/panel.py" line="119"/>
        <source>Text like &lt;|im_start|&gt; becomes the control token the model knows</source>
        <translation>&lt;|im_start|&gt; 这类文本会变成模型认识的控制 token</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/tokenizer/panel.py" line="122"/>
        <source>Add BOS/EOS like the model</source>
        <translation>像模型一样添加 BOS/EOS</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/tokenizer/panel.py" line="123"/>
        <source>Compare with…</source>
        <translation>对比…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/tokenizer/panel.py" line="124"/>
        <source>Add another tokenizer side by side</source>
        <translation>并排添加另一个分词器</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/tokenizer/panel.py" line="323"/>
        <source>Choose a GGUF model</source>
        <translation>选择 GGUF 模型</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/tokenizer/panel.py" line="323"/>
        <source>GGUF models (*.gguf);;All files (*)</source>
        <translation>GGUF 模型 (*.gguf);;所有文件 (*)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/tokenizer/panel.py" line="346"/>
        <source>Loading the text… {percent}%</source>
        <translation>正在加载文本… {percent}%</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/tokenizer/panel.py" line="370"/>
        <source>Open a text file</source>
        <translation>打开文本文件</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/tokenizer/panel.py" line="380"/>
        <source>Cannot read {name}: {reason}</source>
        <translation>无法读取 {name}：{reason}</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/tokenizer/panel.py" line="389"/>
        <source>{name} is not valid UTF-8: undecodable bytes are shown as U+FFFD.</source>
        <translation>{name} 不是有效的 UTF-8：无法解码的字节显示为 U+FFFD。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/tokenizer/panel.py" line="460"/>
        <source>{name}: {tokens} tokens</source>
        <translation>{name}：{tokens} 个 token</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/tokenizer/panel.py" line="469"/>
        <source>{name}: {tokens} tokens, {ratio} of {base}</source>
        <translation>{name}：{tokens} 个 token，为 {base} 的 {ratio}</translation>
    </message>
</context>
<context>
    <name>ToolApprovalCard</name>
    <message>
        <location filename="../../desktop/ui/tools/approval_card.py" line="45"/>
        <source>The arguments the tool gets; edit them before allowing</source>
        <translation>工具收到的参数；可在允许前编辑</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/tools/approval_card.py" line="51"/>
        <source>Allow once</source>
        <translation>允许一次</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/tools/approval_card.py" line="53"/>
        <source>Always for this tool</source>
        <translation>此工具始终允许</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/tools/approval_card.py" line="55"/>
        <source>Run this tool without asking again in this chat</source>
        <translation>在此聊天中运行此工具不再询问</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/tools/approval_card.py" line="56"/>
        <source>Deny</source>
        <translation>拒绝</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/tools/approval_card.py" line="79"/>
        <source>The model wants to run &lt;b&gt;%1&lt;/b&gt;. Allow it?</source>
        <translation>模型想要运行 &lt;b&gt;%1&lt;/b&gt;。是否允许？</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/tools/approval_card.py" line="94"/>
        <source>The arguments are not valid JSON: %1</source>
        <translation>参数不是有效的 JSON：%1</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/tools/approval_card.py" line="97"/>
        <source>The arguments must be a JSON object.</source>
        <translation>参数必须是 JSON 对象。</translation>
    </message>
</context>
<context>
    <name>ToolCatalogModel</name>
    <message>
        <location filename="../../desktop/ui/tools/tools_group.py" line="58"/>
        <source>built-in</source>
        <translation>内置</translation>
    </message>
</context>
<context>
    <name>ToolSettingsDialog</name>
    <message>
        <location filename="../../desktop/ui/tools/settings_dialog.py" line="53"/>
        <source>Tools and MCP servers</source>
        <translation>工具和 MCP 服务器</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/tools/settings_dialog.py" line="63"/>
        <source>Import from file…</source>
        <translation>从文件导入…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/tools/settings_dialog.py" line="65"/>
        <source>An mcpServers JSON file from another app (its servers are added)</source>
        <translation>来自其他应用的 mcpServers JSON 文件（其中的服务器会被添加）</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/tools/settings_dialog.py" line="73"/>
        <source>Add folder…</source>
        <translation>添加文件夹…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/tools/settings_dialog.py" line="74"/>
        <source>Remove</source>
        <translation>移除</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/tools/settings_dialog.py" line="77"/>
        <source> s</source>
        <translation> 秒</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/tools/settings_dialog.py" line="87"/>
        <source>MCP servers, in the mcpServers JSON shape other apps use: a server with &quot;command&quot; runs over stdio, one with &quot;url&quot; over streamable HTTP.</source>
        <translation>MCP 服务器，采用其他应用使用的 mcpServers JSON 格式：带 &quot;command&quot; 的服务器通过 stdio 运行，带 &quot;url&quot; 的通过可流式 HTTP 运行。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/tools/settings_dialog.py" line="99"/>
        <source>Folders the read_file tool may read (nothing outside them):</source>
        <translation>read_file 工具可读取的文件夹（其外的内容均不可读）：</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/tools/settings_dialog.py" line="108"/>
        <source>A tool call may take at most</source>
        <translation>一次工具调用最多可用</translation>
    </message>
    <message numerus="yes">
        <location filename="../../desktop/ui/tools/settings_dialog.py" line="166"/>
        <source>%n server(s); they start when a chat lists its tools.</source>
        <translation>
            <numerusform>%n 个服务器；聊天列出其工具时启动。</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../desktop/ui/tools/settings_dialog.py" line="172"/>
        <source>Import MCP servers</source>
        <translation>导入 MCP 服务器</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/tools/settings_dialog.py" line="172"/>
        <source>JSON files (*.json);;All files (*)</source>
        <translation>JSON 文件 (*.json);;所有文件 (*)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/tools/settings_dialog.py" line="179"/>
        <source>Allow a folder</source>
        <translation>允许一个文件夹</translation>
    </message>
</context>
<context>
    <name>ToolsGroup</name>
    <message>
        <location filename="../../desktop/ui/tools/tools_group.py" line="129"/>
        <source>Tools</source>
        <translation>工具</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/tools/tools_group.py" line="149"/>
        <source>Model replies per message before the agent stops</source>
        <translation>智能体停止前每条消息的模型回复次数</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/tools/tools_group.py" line="150"/>
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/tools/tools_group.py" line="151"/>
        <source>List the MCP servers&apos; tools again</source>
        <translation>重新列出 MCP 服务器的工具</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/tools/tools_group.py" line="152"/>
        <source>Set up…</source>
        <translation>设置…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/tools/tools_group.py" line="153"/>
        <source>MCP servers, folders the file tool may read</source>
        <translation>MCP 服务器、文件工具可读取的文件夹</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/tools/tools_group.py" line="161"/>
        <source>Tool choice</source>
        <translation>工具选择</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/tools/tools_group.py" line="162"/>
        <source>Step limit</source>
        <translation>步数上限</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/tools/tools_group.py" line="180"/>
        <source>Listing tools…</source>
        <translation>正在列出工具…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/tools/tools_group.py" line="188"/>
        <source>%1: %2</source>
        <translation>%1：%2</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/tools/tools_group.py" line="218"/>
        <source>Auto (the model decides)</source>
        <translation>自动（由模型决定）</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/tools/tools_group.py" line="219"/>
        <source>Required (call a tool first)</source>
        <translation>必需（先调用工具）</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/tools/tools_group.py" line="220"/>
        <source>None (tools shown, not called)</source>
        <translation>无（显示工具但不调用）</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/tools/tools_group.py" line="222"/>
        <source>Always call %1 first</source>
        <translation>始终先调用 %1</translation>
    </message>
</context>
<context>
    <name>Units</name>
    <message>
        <location filename="../../desktop/ui/units.py" line="13"/>
        <source>GB</source>
        <translation>GB</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/units.py" line="14"/>
        <source>MB</source>
        <translation>MB</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/units.py" line="15"/>
        <source>KB</source>
        <translation>KB</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/units.py" line="16"/>
        <source>B</source>
        <translation>B</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/units.py" line="23"/>
        <source>unknown</source>
        <translation>未知</translation>
    </message>
</context>
<context>
    <name>VariableForm</name>
    <message>
        <location filename="../../desktop/ui/templates/form.py" line="65"/>
        <source>Preview</source>
        <translation>预览</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/templates/form.py" line="104"/>
        <source>This template has no variables.</source>
        <translation>此模板没有变量。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/templates/form.py" line="120"/>
        <source>Required</source>
        <translation>必填</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/templates/form.py" line="122"/>
        <source>Empty uses the default: %1</source>
        <translation>留空则使用默认值：%1</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/templates/form.py" line="177"/>
        <source>Fix the template first: %1 %2</source>
        <translation>请先修正模板：%1 %2</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/templates/form.py" line="183"/>
        <source>Missing: %1</source>
        <translation>缺少：%1</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/templates/form.py" line="201"/>
        <source>%1 characters (load a model to count tokens)</source>
        <translation>%1 个字符（加载模型后可计算 token 数）</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/templates/form.py" line="206"/>
        <source>%1 tokens</source>
        <translation>%1 个 token</translation>
    </message>
</context>
<context>
    <name>WelcomePanel</name>
    <message>
        <location filename="../../desktop/ui/chat/welcome.py" line="44"/>
        <source>Welcome to Tessera</source>
        <translation>欢迎使用 Tessera</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/welcome.py" line="52"/>
        <source>Tessera runs language models on this computer. You have no model yet: pick one of these to start chatting.</source>
        <translation>Tessera 在本机上运行语言模型。你还没有模型：选择以下任一方式开始聊天。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/welcome.py" line="61"/>
        <location filename="../../desktop/ui/chat/welcome.py" line="188"/>
        <source>Download a recommended model</source>
        <translation>下载推荐模型</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/welcome.py" line="64"/>
        <location filename="../../desktop/ui/chat/welcome.py" line="181"/>
        <location filename="../../desktop/ui/chat/welcome.py" line="201"/>
        <source>Finding a model that suits this computer…</source>
        <translation>正在寻找适合这台电脑的模型…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/welcome.py" line="79"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/welcome.py" line="98"/>
        <source>Try again</source>
        <translation>重试</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/welcome.py" line="108"/>
        <source>Open a .gguf file…</source>
        <translation>打开 .gguf 文件…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/welcome.py" line="110"/>
        <source>Use a models folder…</source>
        <translation>使用模型文件夹…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/welcome.py" line="116"/>
        <source>A model you already downloaded.</source>
        <translation>你已下载的模型。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/welcome.py" line="120"/>
        <source>Tessera lists every .gguf file in it and its subfolders.</source>
        <translation>Tessera 会列出其中及子文件夹里的所有 .gguf 文件。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/welcome.py" line="197"/>
        <location filename="../../desktop/ui/chat/welcome.py" line="207"/>
        <source>Downloading…</source>
        <translation>正在下载…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/welcome.py" line="220"/>
        <source>Try the download again</source>
        <translation>重新下载</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/welcome.py" line="245"/>
        <source>Open a model</source>
        <translation>打开模型</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/welcome.py" line="245"/>
        <source>GGUF models (*.gguf);;All files (*)</source>
        <translation>GGUF 模型 (*.gguf);;所有文件 (*)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/welcome.py" line="252"/>
        <source>Folder with .gguf models</source>
        <translation>包含 .gguf 模型的文件夹</translation>
    </message>
</context>
<context>
    <name>WindowStatusBar</name>
    <message>
        <location filename="../../desktop/ui/status_bar.py" line="31"/>
        <location filename="../../desktop/ui/status_bar.py" line="72"/>
        <location filename="../../desktop/ui/status_bar.py" line="76"/>
        <source>No model loaded</source>
        <translation>未加载模型</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/status_bar.py" line="57"/>
        <source>Loading %1…</source>
        <translation>正在加载 %1…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/status_bar.py" line="64"/>
        <source>GPU layers %1/%2</source>
        <translation>GPU 层数 %1/%2</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/status_bar.py" line="97"/>
        <source>%1 tok/s</source>
        <translation>%1 tok/s</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/status_bar.py" line="116"/>
        <source>Memory %1 MB</source>
        <translation>内存 %1 MB</translation>
    </message>
</context>
</TS>

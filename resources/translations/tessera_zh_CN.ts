<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>App</name>
    <message>
        <location filename="../../desktop/app.py" line="244"/>
        <location filename="../../desktop/app.py" line="311"/>
        <location filename="../../desktop/app.py" line="324"/>
        <source>Tessera</source>
        <translation>Tessera</translation>
    </message>
    <message>
        <location filename="../../desktop/app.py" line="245"/>
        <source>Tessera&apos;s chat database is damaged.</source>
        <translation>Tessera 的聊天数据库已损坏。</translation>
    </message>
    <message>
        <location filename="../../desktop/app.py" line="247"/>
        <source>%1 could not be read (%2). It was not changed.</source>
        <translation>无法读取 %1（%2）。文件未被改动。</translation>
    </message>
    <message>
        <location filename="../../desktop/app.py" line="254"/>
        <source>Restore the latest backup</source>
        <translation>恢复最近的备份</translation>
    </message>
    <message>
        <location filename="../../desktop/app.py" line="258"/>
        <source>Restoring brings back your chats as they were in %1.</source>
        <translation>恢复后，聊天记录将回到 %1 时的状态。</translation>
    </message>
    <message>
        <location filename="../../desktop/app.py" line="263"/>
        <source>Start with an empty database</source>
        <translation>使用空数据库开始</translation>
    </message>
    <message>
        <location filename="../../desktop/app.py" line="267"/>
        <source>Either way the damaged file is kept in the same folder, renamed, so nothing is lost.</source>
        <translation>无论选择哪种方式，损坏的文件都会改名保留在原文件夹中，不会丢失任何数据。</translation>
    </message>
    <message>
        <location filename="../../desktop/app.py" line="312"/>
        <source>Tessera cannot use its data folder: %1</source>
        <translation>Tessera 无法使用其数据文件夹：%1</translation>
    </message>
    <message>
        <location filename="../../desktop/app.py" line="321"/>
        <source>Tessera is already running</source>
        <translation>Tessera 已在运行</translation>
    </message>
    <message>
        <location filename="../../desktop/app.py" line="330"/>
        <source>Tessera cannot open its chats</source>
        <translation>Tessera 无法打开聊天记录</translation>
    </message>
</context>
<context>
    <name>CasesTableModel</name>
    <message>
        <location filename="../../desktop/ui/experiments/item_models.py" line="170"/>
        <source>Case</source>
        <translation>用例</translation>
    </message>
</context>
<context>
    <name>ChatController</name>
    <message>
        <location filename="../../desktop/ui/chat/controller.py" line="114"/>
        <location filename="../../desktop/ui/chat/controller.py" line="555"/>
        <source>Your text is kept; retry saving.</source>
        <translation>你的文本已保留，请重试保存。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/controller.py" line="128"/>
        <source>Still failing; retry later.</source>
        <translation>仍然失败，请稍后重试。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/controller.py" line="168"/>
        <source>The model is still loading.</source>
        <translation>模型仍在加载。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/controller.py" line="168"/>
        <source>Wait a moment.</source>
        <translation>请稍候。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/controller.py" line="173"/>
        <source>No model is loaded.</source>
        <translation>尚未加载模型。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/controller.py" line="174"/>
        <source>Pick a model in the inspector and press Load.</source>
        <translation>请在检查器中选择模型，然后点击“加载”。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/controller.py" line="472"/>
        <source>Could not save the reply as it streams: %1</source>
        <translation>无法在生成过程中保存回复：%1</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/controller.py" line="501"/>
        <source>The reply stopped because the context is full.</source>
        <translation>上下文已满，回复已停止。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/controller.py" line="502"/>
        <source>Start a new chat, raise the context size, or change the overflow policy.</source>
        <translation>请新建聊天、增大上下文大小，或更改溢出策略。</translation>
    </message>
</context>
<context>
    <name>ChatPanel</name>
    <message>
        <location filename="../../desktop/ui/chat/chat_panel.py" line="34"/>
        <location filename="../../desktop/ui/chat/chat_panel.py" line="107"/>
        <source>New chat</source>
        <translation>新建聊天</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/chat_panel.py" line="36"/>
        <source>Chat</source>
        <translation>聊天</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/chat_panel.py" line="37"/>
        <location filename="../../desktop/ui/chat/chat_panel.py" line="107"/>
        <source>Completion</source>
        <translation>补全</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/chat_panel.py" line="40"/>
        <source>Raw text continuation, for base models; not saved</source>
        <translation>原始文本续写，适用于基础模型；不保存</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/chat_panel.py" line="108"/>
        <source>Generate</source>
        <translation>生成</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/chat_panel.py" line="108"/>
        <source>Send</source>
        <translation>发送</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/chat_panel.py" line="116"/>
        <source>Retry saving</source>
        <translation>重试保存</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/chat_panel.py" line="119"/>
        <source>Reload model</source>
        <translation>重新加载模型</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/chat_panel.py" line="121"/>
        <source>Fewer GPU layers</source>
        <translation>减少 GPU 层数</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/chat_panel.py" line="124"/>
        <source>Reload on CPU</source>
        <translation>在 CPU 上重新加载</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/chat_panel.py" line="125"/>
        <source>Choose another file</source>
        <translation>选择其他文件</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/chat_panel.py" line="128"/>
        <source>Choose a model</source>
        <translation>选择模型</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/chat_panel.py" line="130"/>
        <source>The model&apos;s engine stopped unexpectedly: %1</source>
        <translation>模型引擎意外停止：%1</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/chat_panel.py" line="131"/>
        <source>Your messages are saved. Reload the model to go on.</source>
        <translation>你的消息已保存。请重新加载模型以继续。</translation>
    </message>
</context>
<context>
    <name>Checks</name>
    <message>
        <location filename="../../desktop/ui/experiments/item_models.py" line="28"/>
        <source>contains</source>
        <translation>包含</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/experiments/item_models.py" line="29"/>
        <source>does not contain</source>
        <translation>不包含</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/experiments/item_models.py" line="30"/>
        <source>matches regex</source>
        <translation>匹配正则</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/experiments/item_models.py" line="31"/>
        <source>is valid JSON</source>
        <translation>是有效 JSON</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/experiments/item_models.py" line="32"/>
        <source>at most N tokens</source>
        <translation>最多 N 个 token</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/experiments/item_models.py" line="33"/>
        <source>equals</source>
        <translation>等于</translation>
    </message>
</context>
<context>
    <name>ChecksTableModel</name>
    <message>
        <location filename="../../desktop/ui/experiments/item_models.py" line="332"/>
        <source>Check</source>
        <translation>检查项</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/experiments/item_models.py" line="332"/>
        <source>Value</source>
        <translation>值</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/experiments/item_models.py" line="332"/>
        <source>Ignore case</source>
        <translation>忽略大小写</translation>
    </message>
</context>
<context>
    <name>Composer</name>
    <message>
        <location filename="../../desktop/ui/chat/composer.py" line="73"/>
        <source>Send</source>
        <translation>发送</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/composer.py" line="76"/>
        <source>Stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/composer.py" line="78"/>
        <source>Stop generating (Esc)</source>
        <translation>停止生成 (Esc)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/composer.py" line="84"/>
        <source>Cancel edit</source>
        <translation>取消编辑</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/composer.py" line="90"/>
        <source>Tokens in this message, counted with the loaded model&apos;s own tokenizer</source>
        <translation>此消息的 token 数，用已加载模型自己的分词器计算</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/composer.py" line="130"/>
        <source>Message… (Enter to send, Shift+Enter for a new line)</source>
        <translation>输入消息…（Enter 发送，Shift+Enter 换行）</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/composer.py" line="132"/>
        <source>Message… (Ctrl+Enter to send)</source>
        <translation>输入消息…（Ctrl+Enter 发送）</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/composer.py" line="159"/>
        <source>Too long to count here: see the Tokenizer page</source>
        <translation>文本过长，无法在此计数：请使用分词器页面</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/composer.py" line="164"/>
        <source>Token count unavailable: %1</source>
        <translation>无法计算 token 数：%1</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/composer.py" line="170"/>
        <source>Token count unavailable: the vocabulary did not load</source>
        <translation>无法计算 token 数：词表未能加载</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/composer.py" line="173"/>
        <source>Counting tokens…</source>
        <translation>正在计算 token…</translation>
    </message>
    <message numerus="yes">
        <location filename="../../desktop/ui/chat/composer.py" line="177"/>
        <source>%n token(s)</source>
        <translation>
            <numerusform>%n 个 token</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/composer.py" line="180"/>
        <source>%1 · %2% of the %3-token context</source>
        <translation>%1 · 占 %3 token 上下文的 %2%</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/composer.py" line="186"/>
        <source>%1 — longer than the context</source>
        <translation>%1 — 超出上下文长度</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/composer.py" line="210"/>
        <source>Editing a message: sending creates a new branch.</source>
        <translation>正在编辑消息：发送后将创建新分支。</translation>
    </message>
</context>
<context>
    <name>ConfigsTableModel</name>
    <message>
        <location filename="../../desktop/ui/experiments/item_models.py" line="231"/>
        <source>Label</source>
        <translation>标签</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/experiments/item_models.py" line="232"/>
        <source>Model file</source>
        <translation>模型文件</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/experiments/item_models.py" line="233"/>
        <source>Temperature</source>
        <translation>温度</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/experiments/item_models.py" line="234"/>
        <source>Top P</source>
        <translation>Top P</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/experiments/item_models.py" line="235"/>
        <source>Top K</source>
        <translation>Top K</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/experiments/item_models.py" line="236"/>
        <source>Max tokens</source>
        <translation>最大 token 数</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/experiments/item_models.py" line="237"/>
        <source>Seed</source>
        <translation>种子</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/experiments/item_models.py" line="251"/>
        <source>a whole number</source>
        <translation>整数</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/experiments/item_models.py" line="253"/>
        <source>a number</source>
        <translation>数字</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/experiments/item_models.py" line="257"/>
        <source>%1 must be %2 (or empty for the template&apos;s default); got %3.</source>
        <translation>%1 必须是%2（留空则使用模板默认值），当前为 %3。</translation>
    </message>
</context>
<context>
    <name>ConversationListModel</name>
    <message>
        <location filename="../../desktop/ui/chat/conversation_list.py" line="103"/>
        <location filename="../../desktop/ui/chat/conversation_list.py" line="138"/>
        <source>Untitled</source>
        <translation>未命名</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/conversation_list.py" line="112"/>
        <source>Pinned</source>
        <translation>已置顶</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/conversation_list.py" line="113"/>
        <source>Today</source>
        <translation>今天</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/conversation_list.py" line="114"/>
        <source>Yesterday</source>
        <translation>昨天</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/conversation_list.py" line="115"/>
        <source>Older</source>
        <translation>更早</translation>
    </message>
    <message numerus="yes">
        <location filename="../../desktop/ui/chat/conversation_list.py" line="129"/>
        <source>%n result(s)</source>
        <translation>
            <numerusform>%n 个结果</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/conversation_list.py" line="131"/>
        <source>No matches</source>
        <translation>无匹配结果</translation>
    </message>
</context>
<context>
    <name>ConversationListPanel</name>
    <message>
        <location filename="../../desktop/ui/chat/conversation_list.py" line="238"/>
        <source>Search chats (Ctrl+K)</source>
        <translation>搜索聊天 (Ctrl+K)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/conversation_list.py" line="240"/>
        <source>New chat</source>
        <translation>新建聊天</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/conversation_list.py" line="242"/>
        <source>Start a new chat (Ctrl+N)</source>
        <translation>新建聊天 (Ctrl+N)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/conversation_list.py" line="275"/>
        <location filename="../../desktop/ui/chat/conversation_list.py" line="393"/>
        <source>Delete chat</source>
        <translation>删除聊天</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/conversation_list.py" line="351"/>
        <source>Rename…</source>
        <translation>重命名…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/conversation_list.py" line="353"/>
        <source>Unpin</source>
        <translation>取消置顶</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/conversation_list.py" line="353"/>
        <source>Pin</source>
        <translation>置顶</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/conversation_list.py" line="355"/>
        <source>Delete…</source>
        <translation>删除…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/conversation_list.py" line="371"/>
        <source>Rename chat</source>
        <translation>重命名聊天</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/conversation_list.py" line="371"/>
        <source>Title:</source>
        <translation>标题：</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/conversation_list.py" line="394"/>
        <source>Delete this chat and all its messages? This cannot be undone.</source>
        <translation>删除此聊天及其所有消息？此操作无法撤销。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/conversation_list.py" line="410"/>
        <source>Tessera</source>
        <translation>Tessera</translation>
    </message>
</context>
<context>
    <name>CoreMessages</name>
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
        <location filename="../../desktop/core/compare/from_chat.py" line="19"/>
        <source>There is no user message before this one to compare on.</source>
        <translation>此消息之前没有可用于对比的用户消息。</translation>
    </message>
</context>
<context>
    <name>DownloadQueueWidget</name>
    <message>
        <location filename="../../desktop/ui/models/download_queue.py" line="62"/>
        <source>Pause</source>
        <translation>暂停</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/models/download_queue.py" line="63"/>
        <source>Resume</source>
        <translation>继续</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/models/download_queue.py" line="64"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/models/download_queue.py" line="65"/>
        <source>Clear finished</source>
        <translation>清除已完成</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/models/download_queue.py" line="75"/>
        <source>Downloads</source>
        <translation>下载</translation>
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
    <name>ExperimentResultsView</name>
    <message>
        <location filename="../../desktop/ui/experiments/results_view.py" line="61"/>
        <source>Re-run</source>
        <translation>重新运行</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/experiments/results_view.py" line="63"/>
        <source>Export CSV…</source>
        <translation>导出 CSV…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/experiments/results_view.py" line="64"/>
        <source>Export JSON…</source>
        <translation>导出 JSON…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/experiments/results_view.py" line="88"/>
        <source>compare with</source>
        <translation>对比</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/experiments/results_view.py" line="118"/>
        <source>Running…</source>
        <translation>运行中…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/experiments/results_view.py" line="143"/>
        <source>%1 cells, engine %2</source>
        <translation>%1 个单元格，引擎 %2</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/experiments/results_view.py" line="148"/>
        <source>pass rate %1%</source>
        <translation>通过率 %1%</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/experiments/results_view.py" line="159"/>
        <source>%1 of %2 rows differ from run %3</source>
        <translation>%2 行中有 %1 行与运行 %3 不同</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/experiments/results_view.py" line="192"/>
        <location filename="../../desktop/ui/experiments/results_view.py" line="199"/>
        <source>Export results</source>
        <translation>导出结果</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/experiments/results_view.py" line="192"/>
        <source>CSV files (*.csv)</source>
        <translation>CSV 文件 (*.csv)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/experiments/results_view.py" line="199"/>
        <source>JSON files (*.json)</source>
        <translation>JSON 文件 (*.json)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/experiments/results_view.py" line="207"/>
        <source>No run to export yet.</source>
        <translation>还没有可导出的运行。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/experiments/results_view.py" line="230"/>
        <source>Cannot write %1: %2</source>
        <translation>无法写入 %1：%2</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/experiments/results_view.py" line="236"/>
        <source>Exported %1 results to %2.</source>
        <translation>已将 %1 条结果导出到 %2。</translation>
    </message>
</context>
<context>
    <name>ExperimentSetupView</name>
    <message>
        <location filename="../../desktop/ui/experiments/setup.py" line="106"/>
        <source>Add version</source>
        <translation>添加版本</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/experiments/setup.py" line="107"/>
        <location filename="../../desktop/ui/experiments/setup.py" line="123"/>
        <location filename="../../desktop/ui/experiments/setup.py" line="147"/>
        <location filename="../../desktop/ui/experiments/setup.py" line="162"/>
        <source>Remove</source>
        <translation>移除</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/experiments/setup.py" line="110"/>
        <source>Prompt versions</source>
        <translation>提示词版本</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/experiments/setup.py" line="122"/>
        <source>Add case</source>
        <translation>添加用例</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/experiments/setup.py" line="124"/>
        <source>Import CSV…</source>
        <translation>导入 CSV…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/experiments/setup.py" line="125"/>
        <source>Export CSV…</source>
        <translation>导出 CSV…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/experiments/setup.py" line="130"/>
        <source>Test cases (one column per variable; empty = default)</source>
        <translation>测试用例（每个变量一列；留空 = 默认值）</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/experiments/setup.py" line="145"/>
        <source>Add model…</source>
        <translation>添加模型…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/experiments/setup.py" line="146"/>
        <source>Duplicate</source>
        <translation>创建副本</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/experiments/setup.py" line="151"/>
        <source>Run configs (empty = the template&apos;s default)</source>
        <translation>运行配置（留空 = 模板默认值）</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/experiments/setup.py" line="161"/>
        <source>Add check</source>
        <translation>添加检查项</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/experiments/setup.py" line="167"/>
        <source>Checks and repeats</source>
        <translation>检查项与重复次数</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/experiments/setup.py" line="171"/>
        <source>Repeats</source>
        <translation>重复次数</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/experiments/setup.py" line="211"/>
        <source>latest (v%1)</source>
        <translation>最新 (v%1)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/experiments/setup.py" line="214"/>
        <source>v%1</source>
        <translation>v%1</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/experiments/setup.py" line="272"/>
        <source>Choose a GGUF model</source>
        <translation>选择 GGUF 模型</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/experiments/setup.py" line="274"/>
        <source>GGUF models (*.gguf)</source>
        <translation>GGUF 模型 (*.gguf)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/experiments/setup.py" line="311"/>
        <source>Import test cases</source>
        <translation>导入测试用例</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/experiments/setup.py" line="311"/>
        <location filename="../../desktop/ui/experiments/setup.py" line="331"/>
        <source>CSV files (*.csv)</source>
        <translation>CSV 文件 (*.csv)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/experiments/setup.py" line="326"/>
        <source>Imported %1 cases.</source>
        <translation>已导入 %1 个用例。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/experiments/setup.py" line="331"/>
        <source>Export test cases</source>
        <translation>导出测试用例</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/experiments/setup.py" line="341"/>
        <source>Cannot write %1: %2</source>
        <translation>无法写入 %1：%2</translation>
    </message>
</context>
<context>
    <name>ExperimentsPanel</name>
    <message>
        <location filename="../../desktop/ui/experiments/panel.py" line="92"/>
        <source>Experiment name</source>
        <translation>实验名称</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/experiments/panel.py" line="93"/>
        <source>New</source>
        <translation>新建</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/experiments/panel.py" line="94"/>
        <source>Save</source>
        <translation>保存</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/experiments/panel.py" line="95"/>
        <source>Delete</source>
        <translation>删除</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/experiments/panel.py" line="108"/>
        <source>Setup</source>
        <translation>设置</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/experiments/panel.py" line="112"/>
        <source>Results</source>
        <translation>结果</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/experiments/panel.py" line="114"/>
        <source>Run</source>
        <translation>运行</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/experiments/panel.py" line="115"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/experiments/panel.py" line="120"/>
        <source>%v / %m cells</source>
        <translation>%v / %m 个单元格</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/experiments/panel.py" line="183"/>
        <location filename="../../desktop/ui/experiments/panel.py" line="213"/>
        <source>Untitled experiment</source>
        <translation>未命名实验</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/experiments/panel.py" line="219"/>
        <source>Experiment saved.</source>
        <translation>实验已保存。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/experiments/panel.py" line="260"/>
        <source>Cannot run: %1</source>
        <translation>无法运行：%1</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/experiments/panel.py" line="283"/>
        <source>Cancelling…</source>
        <translation>正在取消…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/experiments/panel.py" line="328"/>
        <source>Run %1: %2 of %3 cells.</source>
        <translation>运行 %1：%3 个单元格中完成 %2 个。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/experiments/panel.py" line="334"/>
        <source>Pass rate %1%.</source>
        <translation>通过率 %1%。</translation>
    </message>
</context>
<context>
    <name>HubModels</name>
    <message>
        <location filename="../../desktop/ui/models/hub_models.py" line="39"/>
        <location filename="../../desktop/ui/models/hub_models.py" line="60"/>
        <location filename="../../desktop/ui/models/hub_models.py" line="243"/>
        <source>unknown</source>
        <translation>未知</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/models/hub_models.py" line="41"/>
        <source>GB</source>
        <translation>GB</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/models/hub_models.py" line="42"/>
        <source>MB</source>
        <translation>MB</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/models/hub_models.py" line="43"/>
        <source>KB</source>
        <translation>KB</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/models/hub_models.py" line="47"/>
        <source>%1 B</source>
        <translation>%1 B</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/models/hub_models.py" line="62"/>
        <source>fits on the GPU</source>
        <translation>可完全放入 GPU</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/models/hub_models.py" line="64"/>
        <source>partial offload: %1 of %2 layers</source>
        <translation>部分放入 GPU：%1 / %2 层</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/models/hub_models.py" line="69"/>
        <source>CPU only</source>
        <translation>仅 CPU</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/models/hub_models.py" line="71"/>
        <source>too large</source>
        <translation>过大</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/models/hub_models.py" line="73"/>
        <source> (estimate)</source>
        <translation>（估算）</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/models/hub_models.py" line="122"/>
        <source>%1 downloads</source>
        <translation>%1 次下载</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/models/hub_models.py" line="125"/>
        <source>%1 likes</source>
        <translation>%1 个赞</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/models/hub_models.py" line="129"/>
        <source>updated %1</source>
        <translation>更新于 %1</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/models/hub_models.py" line="136"/>
        <source>gated</source>
        <translation>需授权</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/models/hub_models.py" line="139"/>
        <source>base: %1</source>
        <translation>基础模型：%1</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/models/hub_models.py" line="171"/>
        <source>(gated)</source>
        <translation>（需授权）</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/models/hub_models.py" line="219"/>
        <source>File</source>
        <translation>文件</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/models/hub_models.py" line="220"/>
        <source>Quantization</source>
        <translation>量化</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/models/hub_models.py" line="221"/>
        <source>Size</source>
        <translation>大小</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/models/hub_models.py" line="222"/>
        <source>Fit on this machine</source>
        <translation>本机适配</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/models/hub_models.py" line="238"/>
        <source> (%1 parts)</source>
        <translation>（%1 个分片）</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/models/hub_models.py" line="248"/>
        <source>vision projector (not a chat model)</source>
        <translation>视觉投影器（不是聊天模型）</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/models/hub_models.py" line="252"/>
        <source>incomplete: parts missing on the Hub</source>
        <translation>不完整：Hub 上缺少分片</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/models/hub_models.py" line="266"/>
        <source>Recommended for this machine</source>
        <translation>推荐用于本机</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/models/hub_models.py" line="296"/>
        <source>Queued</source>
        <translation>排队中</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/models/hub_models.py" line="297"/>
        <source>Downloading</source>
        <translation>下载中</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/models/hub_models.py" line="298"/>
        <source>Paused</source>
        <translation>已暂停</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/models/hub_models.py" line="299"/>
        <source>Verifying</source>
        <translation>校验中</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/models/hub_models.py" line="300"/>
        <source>Installed</source>
        <translation>已安装</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/models/hub_models.py" line="301"/>
        <source>Failed</source>
        <translation>失败</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/models/hub_models.py" line="302"/>
        <source>Cancelled</source>
        <translation>已取消</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/models/hub_models.py" line="319"/>
        <source>Model</source>
        <translation>模型</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/models/hub_models.py" line="320"/>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/models/hub_models.py" line="321"/>
        <source>Progress</source>
        <translation>进度</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/models/hub_models.py" line="322"/>
        <source>Speed</source>
        <translation>速度</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/models/hub_models.py" line="323"/>
        <source>ETA</source>
        <translation>剩余时间</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/models/hub_models.py" line="341"/>
        <source>Retrying</source>
        <translation>重试中</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/models/hub_models.py" line="344"/>
        <source>%1 of %2</source>
        <translation>%1 / %2</translation>
    </message>
</context>
<context>
    <name>HubPanel</name>
    <message>
        <location filename="../../desktop/ui/models/hub_panel.py" line="120"/>
        <source>Search GGUF models on Hugging Face…</source>
        <translation>在 Hugging Face 上搜索 GGUF 模型…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/models/hub_panel.py" line="124"/>
        <source>Most downloads</source>
        <translation>下载最多</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/models/hub_panel.py" line="125"/>
        <source>Most likes</source>
        <translation>点赞最多</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/models/hub_panel.py" line="126"/>
        <source>Trending</source>
        <translation>热门</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/models/hub_panel.py" line="127"/>
        <source>Recently updated</source>
        <translation>最近更新</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/models/hub_panel.py" line="130"/>
        <source>Search</source>
        <translation>搜索</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/models/hub_panel.py" line="141"/>
        <source>Load more</source>
        <translation>加载更多</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/models/hub_panel.py" line="152"/>
        <source>Pick a search result to see its files.</source>
        <translation>选择一个搜索结果以查看其文件。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/models/hub_panel.py" line="155"/>
        <source>Detecting this machine&apos;s memory…</source>
        <translation>正在检测本机内存…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/models/hub_panel.py" line="161"/>
        <source>context: </source>
        <translation>上下文：</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/models/hub_panel.py" line="162"/>
        <source> tokens</source>
        <translation> token</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/models/hub_panel.py" line="163"/>
        <source>Download</source>
        <translation>下载</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/models/hub_panel.py" line="257"/>
        <source>Searching…</source>
        <translation>正在搜索…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/models/hub_panel.py" line="271"/>
        <source>No GGUF models match this search.</source>
        <translation>没有符合此搜索的 GGUF 模型。</translation>
    </message>
    <message numerus="yes">
        <location filename="../../desktop/ui/models/hub_panel.py" line="273"/>
        <source>%n model(s)</source>
        <translation>
            <numerusform>%n 个模型</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../desktop/ui/models/hub_panel.py" line="306"/>
        <source>Loading %1…</source>
        <translation>正在加载 %1…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/models/hub_panel.py" line="319"/>
        <source>(gated: accept the license on the model page and set a token)</source>
        <translation>（需授权：请在模型页面接受许可协议并设置 token）</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/models/hub_panel.py" line="321"/>
        <source>This repository has no .gguf files.</source>
        <translation>此仓库中没有 .gguf 文件。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/models/hub_panel.py" line="346"/>
        <source>*This model has no model card.*</source>
        <translation>*此模型没有模型卡片。*</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/models/hub_panel.py" line="378"/>
        <source>This machine: %1 RAM free, %2 GPU memory free</source>
        <translation>本机：可用内存 %1，可用显存 %2</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/models/hub_panel.py" line="382"/>
        <source>This machine: %1 RAM free (GPU found, but this llama.cpp build is CPU-only)</source>
        <translation>本机：可用内存 %1（检测到 GPU，但此 llama.cpp 版本仅支持 CPU）</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/models/hub_panel.py" line="385"/>
        <source>This machine: %1 RAM free, no usable GPU detected</source>
        <translation>本机：可用内存 %1，未检测到可用的 GPU</translation>
    </message>
</context>
<context>
    <name>HubTokenRow</name>
    <message>
        <location filename="../../desktop/ui/models/hub_token.py" line="34"/>
        <source>Set token…</source>
        <translation>设置 token…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/models/hub_token.py" line="35"/>
        <source>Remove token</source>
        <translation>移除 token</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/models/hub_token.py" line="48"/>
        <source>Using your Hugging Face token (sent only to %1).</source>
        <translation>正在使用你的 Hugging Face token（仅发送到 %1）。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/models/hub_token.py" line="51"/>
        <source>No Hugging Face token: gated models need one.</source>
        <translation>未设置 Hugging Face token：需授权的模型需要 token。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/models/hub_token.py" line="54"/>
        <source>Warning: %1</source>
        <translation>警告：%1</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/models/hub_token.py" line="62"/>
        <source>Hugging Face token</source>
        <translation>Hugging Face token</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/models/hub_token.py" line="63"/>
        <source>Paste an access token from your Hugging Face account settings:</source>
        <translation>粘贴你在 Hugging Face 账户设置中创建的访问 token：</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/models/hub_token.py" line="78"/>
        <source>A Hugging Face token has no spaces.</source>
        <translation>Hugging Face token 不含空格。</translation>
    </message>
</context>
<context>
    <name>Inspector</name>
    <message>
        <location filename="../../desktop/ui/chat/inspector.py" line="48"/>
        <source>Precise</source>
        <translation>精确</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/inspector.py" line="49"/>
        <source>Balanced</source>
        <translation>均衡</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/inspector.py" line="50"/>
        <source>Creative</source>
        <translation>创意</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/inspector.py" line="125"/>
        <source>Model</source>
        <translation>模型</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/inspector.py" line="133"/>
        <source>Open…</source>
        <translation>打开…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/inspector.py" line="134"/>
        <source>Load a .gguf file from disk</source>
        <translation>从磁盘加载 .gguf 文件</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/inspector.py" line="143"/>
        <location filename="../../desktop/ui/chat/inspector.py" line="332"/>
        <source>all</source>
        <translation>全部</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/inspector.py" line="150"/>
        <source>GPU layers</source>
        <translation>GPU 层数</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/inspector.py" line="162"/>
        <source>model&apos;s own</source>
        <translation>模型自带</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/inspector.py" line="163"/>
        <source>Context size</source>
        <translation>上下文大小</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/inspector.py" line="164"/>
        <source>Flash attention</source>
        <translation>Flash 注意力</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/inspector.py" line="168"/>
        <source>auto</source>
        <translation>自动</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/inspector.py" line="169"/>
        <source>Threads</source>
        <translation>线程</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/inspector.py" line="171"/>
        <source>Load</source>
        <translation>加载</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/inspector.py" line="173"/>
        <source>Unload</source>
        <translation>卸载</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/inspector.py" line="183"/>
        <location filename="../../desktop/ui/chat/inspector.py" line="393"/>
        <source>No model loaded</source>
        <translation>未加载模型</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/inspector.py" line="198"/>
        <source>Sampling</source>
        <translation>采样</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/inspector.py" line="202"/>
        <source>Save as…</source>
        <translation>另存为…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/inspector.py" line="203"/>
        <source>Delete</source>
        <translation>删除</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/inspector.py" line="208"/>
        <source>Preset</source>
        <translation>预设</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/inspector.py" line="220"/>
        <source>off</source>
        <translation>关闭</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/inspector.py" line="226"/>
        <source>no limit</source>
        <translation>不限</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/inspector.py" line="227"/>
        <source>0: go on until the model stops or the context is full</source>
        <translation>0：一直生成，直到模型停止或上下文已满</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/inspector.py" line="230"/>
        <source>random</source>
        <translation>随机</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/inspector.py" line="231"/>
        <source>Temperature</source>
        <translation>温度</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/inspector.py" line="232"/>
        <source>Top-k</source>
        <translation>Top-k</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/inspector.py" line="233"/>
        <source>Top-p</source>
        <translation>Top-p</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/inspector.py" line="234"/>
        <source>Min-p</source>
        <translation>Min-p</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/inspector.py" line="235"/>
        <source>Repeat penalty</source>
        <translation>重复惩罚</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/inspector.py" line="236"/>
        <source>Max tokens</source>
        <translation>最大 token 数</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/inspector.py" line="237"/>
        <source>Seed</source>
        <translation>种子</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/inspector.py" line="239"/>
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
        <location filename="../../desktop/ui/chat/inspector.py" line="248"/>
        <source>Alternatives</source>
        <translation>候选数</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/inspector.py" line="249"/>
        <source>Probabilities of</source>
        <translation>概率来源</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/inspector.py" line="258"/>
        <source>Conversation</source>
        <translation>对话</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/inspector.py" line="262"/>
        <source>System prompt (optional)</source>
        <translation>系统提示词（可选）</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/inspector.py" line="269"/>
        <location filename="../../desktop/ui/chat/inspector.py" line="421"/>
        <source>no model</source>
        <translation>无模型</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/inspector.py" line="270"/>
        <source>Context</source>
        <translation>上下文</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/inspector.py" line="272"/>
        <source>Stop at the limit</source>
        <translation>到达上限时停止</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/inspector.py" line="274"/>
        <source>Truncate the middle (keep system prompt)</source>
        <translation>截去中间部分（保留系统提示词）</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/inspector.py" line="276"/>
        <source>Rolling window</source>
        <translation>滚动窗口</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/inspector.py" line="277"/>
        <source>When full</source>
        <translation>上下文满时</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/inspector.py" line="300"/>
        <source>No models yet</source>
        <translation>暂无模型</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/inspector.py" line="344"/>
        <source>This llama.cpp build has no GPU support: the model runs on the CPU.</source>
        <translation>此 llama.cpp 版本不支持 GPU：模型将在 CPU 上运行。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/inspector.py" line="347"/>
        <source>GPU layers were requested, but this llama.cpp build has no GPU support: the model will run on the CPU.</source>
        <translation>已设置 GPU 层数，但此 llama.cpp 版本不支持 GPU：模型将在 CPU 上运行。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/inspector.py" line="350"/>
        <source>README, section “GPU”: how to install a GPU build</source>
        <translation>README 的“GPU”一节：如何安装支持 GPU 的版本</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/inspector.py" line="380"/>
        <source>Loading %1…</source>
        <translation>正在加载 %1…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/inspector.py" line="398"/>
        <source>%1 · %2 · %3 layers · context %4</source>
        <translation>%1 · %2 · %3 层 · 上下文 %4</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/inspector.py" line="426"/>
        <source>%1 / %2 tokens</source>
        <translation>%1 / %2 token</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/inspector.py" line="479"/>
        <location filename="../../desktop/ui/chat/inspector.py" line="493"/>
        <location filename="../../desktop/ui/chat/inspector.py" line="510"/>
        <source>Tessera</source>
        <translation>Tessera</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/inspector.py" line="505"/>
        <source>Save preset</source>
        <translation>保存预设</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/inspector.py" line="505"/>
        <source>Preset name:</source>
        <translation>预设名称：</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/inspector.py" line="511"/>
        <source>Built-in presets cannot be replaced; pick another name.</source>
        <translation>内置预设不能被覆盖，请换一个名称。</translation>
    </message>
</context>
<context>
    <name>LibraryModels</name>
    <message>
        <location filename="../../desktop/ui/models/library_models.py" line="73"/>
        <location filename="../../desktop/ui/models/library_models.py" line="118"/>
        <source>File</source>
        <translation>文件</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/models/library_models.py" line="74"/>
        <source>Architecture</source>
        <translation>架构</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/models/library_models.py" line="75"/>
        <source>Parameters</source>
        <translation>参数量</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/models/library_models.py" line="76"/>
        <source>Quantization</source>
        <translation>量化</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/models/library_models.py" line="77"/>
        <source>Context</source>
        <translation>上下文</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/models/library_models.py" line="78"/>
        <location filename="../../desktop/ui/models/library_models.py" line="119"/>
        <source>Size</source>
        <translation>大小</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/models/library_models.py" line="79"/>
        <source>Last used</source>
        <translation>上次使用</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/models/library_models.py" line="80"/>
        <source>Source</source>
        <translation>来源</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/models/library_models.py" line="98"/>
        <source>never</source>
        <translation>从未</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/models/library_models.py" line="99"/>
        <source>in library</source>
        <translation>在模型库中</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/models/library_models.py" line="101"/>
        <source>referenced</source>
        <translation>引用</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/models/library_models.py" line="117"/>
        <source>Found in</source>
        <translation>位置</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/models/library_models.py" line="120"/>
        <source>In library</source>
        <translation>已在模型库</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/models/library_models.py" line="123"/>
        <source>Hugging Face cache</source>
        <translation>Hugging Face 缓存</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/models/library_models.py" line="124"/>
        <source>LM Studio</source>
        <translation>LM Studio</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/models/library_models.py" line="125"/>
        <source>Scanned folder</source>
        <translation>扫描的文件夹</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/models/library_models.py" line="137"/>
        <source>yes</source>
        <translation>是</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/models/library_models.py" line="139"/>
        <source>no</source>
        <translation>否</translation>
    </message>
</context>
<context>
    <name>LibraryPanel</name>
    <message>
        <location filename="../../desktop/ui/models/library_panel.py" line="55"/>
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/models/library_panel.py" line="56"/>
        <source>Import file…</source>
        <translation>导入文件…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/models/library_panel.py" line="57"/>
        <source>Scan folder…</source>
        <translation>扫描文件夹…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/models/library_panel.py" line="59"/>
        <source>Copy into the library</source>
        <translation>复制到模型库</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/models/library_panel.py" line="60"/>
        <source>Move into the library</source>
        <translation>移动到模型库</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/models/library_panel.py" line="61"/>
        <source>Use in place (reference)</source>
        <translation>原位使用（引用）</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/models/library_panel.py" line="62"/>
        <source>Delete…</source>
        <translation>删除…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/models/library_panel.py" line="89"/>
        <source>Add selected to the library</source>
        <translation>将所选项添加到模型库</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/models/library_panel.py" line="96"/>
        <source>Found on this computer (Hugging Face cache, LM Studio, scanned folders)</source>
        <translation>在本机找到的模型（Hugging Face 缓存、LM Studio、扫描的文件夹）</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/models/library_panel.py" line="181"/>
        <source>Select a model to see its details.</source>
        <translation>选择一个模型以查看详情。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/models/library_panel.py" line="184"/>
        <source>unknown</source>
        <translation>未知</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/models/library_panel.py" line="186"/>
        <source>yes</source>
        <translation>是</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/models/library_panel.py" line="186"/>
        <source>no (ChatML is used)</source>
        <translation>否（使用 ChatML）</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/models/library_panel.py" line="189"/>
        <source>Model name: %1</source>
        <translation>模型名称：%1</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/models/library_panel.py" line="190"/>
        <source>Layers: %1 · Chat template: %2</source>
        <translation>层数：%1 · 聊天模板：%2</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/models/library_panel.py" line="195"/>
        <source>From the Hub: %1</source>
        <translation>来自 Hub：%1</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/models/library_panel.py" line="197"/>
        <source>Split into %1 files</source>
        <translation>分为 %1 个文件</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/models/library_panel.py" line="213"/>
        <source>Import a GGUF model</source>
        <translation>导入 GGUF 模型</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/models/library_panel.py" line="213"/>
        <source>GGUF models (*.gguf)</source>
        <translation>GGUF 模型 (*.gguf)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/models/library_panel.py" line="220"/>
        <source>Adding %1…</source>
        <translation>正在添加 %1…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/models/library_panel.py" line="228"/>
        <source>Added %1.</source>
        <translation>已添加 %1。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/models/library_panel.py" line="239"/>
        <source>Scan a folder for GGUF models</source>
        <translation>扫描文件夹中的 GGUF 模型</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/models/library_panel.py" line="244"/>
        <source>Scanning %1…</source>
        <translation>正在扫描 %1…</translation>
    </message>
    <message numerus="yes">
        <location filename="../../desktop/ui/models/library_panel.py" line="251"/>
        <source>%n GGUF model(s) found.</source>
        <translation>
            <numerusform>找到 %n 个 GGUF 模型。</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../desktop/ui/models/library_panel.py" line="269"/>
        <source>Delete %1? This removes %2 from disk.</source>
        <translation>删除 %1？这会从磁盘上删除 %2。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/models/library_panel.py" line="272"/>
        <source>Remove %1 from the library? The file stays where it is:
%2</source>
        <translation>从模型库中移除 %1？文件将保留在原处：
%2</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/models/library_panel.py" line="276"/>
        <source>Delete model</source>
        <translation>删除模型</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/models/library_panel.py" line="288"/>
        <source>Removed %1.</source>
        <translation>已移除 %1。</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="59"/>
        <source>Tessera</source>
        <translation>Tessera</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="107"/>
        <source>Chat</source>
        <translation>聊天</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="108"/>
        <source>Models</source>
        <translation>模型</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="109"/>
        <source>Tokenizer</source>
        <translation>分词器</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="110"/>
        <source>Templates</source>
        <translation>模板</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="111"/>
        <source>Experiments</source>
        <translation>实验</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="155"/>
        <location filename="../../desktop/ui/main_window.py" line="538"/>
        <location filename="../../desktop/ui/main_window.py" line="561"/>
        <source>No model loaded</source>
        <translation>未加载模型</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="182"/>
        <source>&amp;New chat</source>
        <translation>新建聊天(&amp;N)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="185"/>
        <source>&amp;Open model file…</source>
        <translation>打开模型文件(&amp;O)…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="188"/>
        <source>&amp;Settings…</source>
        <translation>设置(&amp;S)…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="190"/>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="192"/>
        <source>&amp;Search chats</source>
        <translation>搜索聊天(&amp;S)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="195"/>
        <source>S&amp;top</source>
        <translation>停止(&amp;T)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="198"/>
        <source>&amp;Regenerate</source>
        <translation>重新生成(&amp;R)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="201"/>
        <source>&amp;Inspector</source>
        <translation>检查器(&amp;I)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="206"/>
        <source>Show &amp;probabilities</source>
        <translation>显示概率(&amp;P)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="213"/>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="218"/>
        <source>&amp;Chat</source>
        <translation>聊天(&amp;C)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="221"/>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="255"/>
        <source>This part of Tessera is not available in this build.</source>
        <translation>此版本的 Tessera 不包含这一部分。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="422"/>
        <source>No .gguf files were found in %1.</source>
        <translation>在 %1 中未找到 .gguf 文件。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="434"/>
        <source>The model hub is not available in this build. Download %1 from %2 by hand and open it here.</source>
        <translation>此版本不包含模型中心。请从 %2 手动下载 %1，然后在这里打开。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="451"/>
        <source>Open a model</source>
        <translation>打开模型</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="453"/>
        <source>GGUF models (*.gguf);;All files (*)</source>
        <translation>GGUF 模型 (*.gguf);;所有文件 (*)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="486"/>
        <source>Loading %1…</source>
        <translation>正在加载 %1…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="498"/>
        <source>GPU layers %1/%2</source>
        <translation>GPU 层数 %1/%2</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="528"/>
        <source>Token counting unavailable: %1</source>
        <translation>无法计算 token 数：%1</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="540"/>
        <source>Choose another file</source>
        <translation>选择其他文件</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="544"/>
        <source>Fewer GPU layers</source>
        <translation>减少 GPU 层数</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="547"/>
        <source>Load on CPU</source>
        <translation>在 CPU 上加载</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="551"/>
        <source>Could not load %1: %2</source>
        <translation>无法加载 %1：%2</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="570"/>
        <source>%1 tok/s</source>
        <translation>%1 tok/s</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="607"/>
        <source>New chat</source>
        <translation>新建聊天</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="699"/>
        <source>Memory %1 MB</source>
        <translation>内存 %1 MB</translation>
    </message>
</context>
<context>
    <name>MessageDelegate</name>
    <message>
        <location filename="../../desktop/ui/chat/message_delegate.py" line="268"/>
        <location filename="../../desktop/ui/chat/message_delegate.py" line="433"/>
        <source>Copy</source>
        <translation>复制</translation>
    </message>
    <message numerus="yes">
        <location filename="../../desktop/ui/chat/message_delegate.py" line="414"/>
        <source>%n token(s)</source>
        <translation>
            <numerusform>%n 个 token</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/message_delegate.py" line="416"/>
        <source>TTFT %1 ms</source>
        <translation>首 token %1 ms</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/message_delegate.py" line="418"/>
        <source>%1 tok/s</source>
        <translation>%1 tok/s</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/message_delegate.py" line="424"/>
        <source>mean logprob %1 · perplexity %2</source>
        <translation>平均 logprob %1 · 困惑度 %2</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/message_delegate.py" line="429"/>
        <source>raw</source>
        <translation>原始</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/message_delegate.py" line="429"/>
        <source>filtered</source>
        <translation>过滤后</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/message_delegate.py" line="430"/>
        <source>shading: %1 distribution</source>
        <translation>着色：%1分布</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/message_delegate.py" line="436"/>
        <source>Regenerate</source>
        <translation>重新生成</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/message_delegate.py" line="437"/>
        <source>Continue</source>
        <translation>继续</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/message_delegate.py" line="440"/>
        <source>Edit</source>
        <translation>编辑</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/message_delegate.py" line="442"/>
        <source>Delete</source>
        <translation>删除</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/message_delegate.py" line="456"/>
        <source>generating…</source>
        <translation>生成中…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/message_delegate.py" line="457"/>
        <source>stopped</source>
        <translation>已停止</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/message_delegate.py" line="458"/>
        <source>error</source>
        <translation>错误</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/message_delegate.py" line="459"/>
        <source>interrupted</source>
        <translation>已中断</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/message_delegate.py" line="464"/>
        <source>You</source>
        <translation>你</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/message_delegate.py" line="465"/>
        <source>Assistant</source>
        <translation>助手</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/message_delegate.py" line="466"/>
        <source>System</source>
        <translation>系统</translation>
    </message>
</context>
<context>
    <name>ModelsPage</name>
    <message>
        <location filename="../../desktop/ui/models/page.py" line="45"/>
        <source>Hugging Face</source>
        <translation>Hugging Face</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/models/page.py" line="46"/>
        <source>Installed</source>
        <translation>已安装</translation>
    </message>
</context>
<context>
    <name>PlaceholderHighlighter</name>
    <message>
        <location filename="../../desktop/ui/templates/placeholder_highlighter.py" line="52"/>
        <source>Unknown variable</source>
        <translation>未知变量</translation>
    </message>
</context>
<context>
    <name>Probabilities</name>
    <message>
        <location filename="../../desktop/ui/chat/probabilities.py" line="77"/>
        <source>Chosen</source>
        <translation>已选</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/probabilities.py" line="89"/>
        <source>raw distribution</source>
        <translation>原始分布</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/probabilities.py" line="91"/>
        <source>after sampling filters</source>
        <translation>采样过滤后</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/probabilities.py" line="109"/>
        <source>Regenerate from here with:</source>
        <translation>从此处重新生成，改用：</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/probabilities.py" line="121"/>
        <source>No alternatives were recorded for this token</source>
        <translation>此 token 没有记录候选项</translation>
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
        <location filename="../../desktop/ui/experiments/results.py" line="370"/>
        <source>Version</source>
        <translation>版本</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/experiments/results.py" line="371"/>
        <source>Case</source>
        <translation>用例</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/experiments/results.py" line="372"/>
        <source>Config</source>
        <translation>配置</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/experiments/results.py" line="373"/>
        <source>Repeat</source>
        <translation>重复</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/experiments/results.py" line="374"/>
        <source>Output A</source>
        <translation>输出 A</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/experiments/results.py" line="375"/>
        <source>Output B</source>
        <translation>输出 B</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/experiments/results.py" line="376"/>
        <source>A</source>
        <translation>A</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/experiments/results.py" line="377"/>
        <source>B</source>
        <translation>B</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/experiments/results.py" line="396"/>
        <source>(missing)</source>
        <translation>（缺失）</translation>
    </message>
</context>
<context>
    <name>RunListModel</name>
    <message>
        <location filename="../../desktop/ui/experiments/results.py" line="305"/>
        <source>(no comparison)</source>
        <translation>（不对比）</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/experiments/results.py" line="310"/>
        <source>Run %1 · %2 · %3 · %4/%5 cells</source>
        <translation>运行 %1 · %2 · %3 · %4/%5 个单元格</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <location filename="../../desktop/ui/settings_dialog.py" line="18"/>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings_dialog.py" line="21"/>
        <source>Enter sends the message (Shift+Enter for a new line)</source>
        <translation>按 Enter 发送消息（Shift+Enter 换行）</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings_dialog.py" line="26"/>
        <source>Otherwise Ctrl+Enter sends and Enter starts a new line.</source>
        <translation>不勾选时，按 Ctrl+Enter 发送，按 Enter 换行。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings_dialog.py" line="29"/>
        <source>Follow the system</source>
        <translation>跟随系统</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings_dialog.py" line="30"/>
        <source>Light</source>
        <translation>浅色</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings_dialog.py" line="31"/>
        <source>Dark</source>
        <translation>深色</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings_dialog.py" line="33"/>
        <source>Theme</source>
        <translation>主题</translation>
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
        <location filename="../../desktop/ui/templates/panel.py" line="64"/>
        <source>Filter templates</source>
        <translation>筛选模板</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/templates/panel.py" line="70"/>
        <source>New</source>
        <translation>新建</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/templates/panel.py" line="71"/>
        <source>Duplicate</source>
        <translation>创建副本</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/templates/panel.py" line="72"/>
        <location filename="../../desktop/ui/templates/panel.py" line="403"/>
        <source>Delete</source>
        <translation>删除</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/templates/panel.py" line="93"/>
        <source>Use</source>
        <translation>使用</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/templates/panel.py" line="94"/>
        <source>Edit</source>
        <translation>编辑</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/templates/panel.py" line="97"/>
        <source>History</source>
        <translation>历史</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/templates/panel.py" line="120"/>
        <source>Send to chat</source>
        <translation>发送到聊天</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/templates/panel.py" line="121"/>
        <source>Send to new chat</source>
        <translation>发送到新聊天</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/templates/panel.py" line="122"/>
        <source>Use as system prompt</source>
        <translation>用作系统提示词</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/templates/panel.py" line="140"/>
        <source>comma, separated</source>
        <translation>用逗号分隔</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/templates/panel.py" line="142"/>
        <source>Chat (system + user message)</source>
        <translation>聊天（系统 + 用户消息）</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/templates/panel.py" line="143"/>
        <source>Completion (raw text)</source>
        <translation>补全（原始文本）</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/templates/panel.py" line="153"/>
        <source>What changed in this version (optional)</source>
        <translation>此版本的改动（可选）</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/templates/panel.py" line="159"/>
        <source>Variables: {{name}} or {{name=default}}. Write \{{ for literal braces. Every save keeps the previous version in History.</source>
        <translation>变量：{{name}} 或 {{name=default}}。用 \{{ 表示字面大括号。每次保存都会在“历史”中保留上一个版本。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/templates/panel.py" line="165"/>
        <source>Built-in templates are read-only: duplicate one to edit it.</source>
        <translation>内置模板为只读：请创建副本后再编辑。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/templates/panel.py" line="167"/>
        <source>Save version</source>
        <translation>保存版本</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/templates/panel.py" line="174"/>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/templates/panel.py" line="175"/>
        <source>Description</source>
        <translation>描述</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/templates/panel.py" line="176"/>
        <source>Tags</source>
        <translation>标签</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/templates/panel.py" line="177"/>
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/templates/panel.py" line="178"/>
        <source>System</source>
        <translation>系统提示词</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/templates/panel.py" line="179"/>
        <source>Body</source>
        <translation>正文</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/templates/panel.py" line="180"/>
        <source>Default params</source>
        <translation>默认参数</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/templates/panel.py" line="181"/>
        <source>Note</source>
        <translation>备注</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/templates/panel.py" line="311"/>
        <source>Problems: %1</source>
        <translation>问题：%1</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/templates/panel.py" line="324"/>
        <source>New template: give it a name and a body, then save.</source>
        <translation>新模板：填写名称和正文，然后保存。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/templates/panel.py" line="335"/>
        <source>Default params must be a JSON object, e.g. {&quot;temperature&quot;: 0.7}. Nothing was saved.</source>
        <translation>默认参数必须是 JSON 对象，例如 {&quot;temperature&quot;: 0.7}。未保存任何内容。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/templates/panel.py" line="355"/>
        <source>Saved %1 as version %2.</source>
        <translation>已将 %1 保存为版本 %2。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/templates/panel.py" line="374"/>
        <source>Duplicated as %1: edit and save it.</source>
        <translation>已复制为 %1：编辑后保存即可。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/templates/panel.py" line="382"/>
        <source>Click again to delete</source>
        <translation>再次点击以删除</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/templates/panel.py" line="394"/>
        <source>Deleted %1 and its history.</source>
        <translation>已删除 %1 及其历史。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/templates/panel.py" line="418"/>
        <source>Restored v%1 as v%2.</source>
        <translation>已将 v%1 恢复为 v%2。</translation>
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
        <location filename="../../desktop/ui/tokenizer/column.py" line="49"/>
        <source>Remove this tokenizer from the comparison</source>
        <translation>从对比中移除此分词器</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/tokenizer/column.py" line="66"/>
        <source>Copy ids</source>
        <translation>复制 id</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/tokenizer/column.py" line="73"/>
        <source>Tokens</source>
        <translation>Token</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/tokenizer/column.py" line="74"/>
        <source>Ids</source>
        <translation>Id</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/tokenizer/column.py" line="108"/>
        <source>{name} (loaded model)</source>
        <translation>{name}（已加载的模型）</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/tokenizer/column.py" line="110"/>
        <source>{name} (needs download)</source>
        <translation>{name}（需要下载）</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/tokenizer/column.py" line="112"/>
        <source>{name} (tiktoken)</source>
        <translation>{name} (tiktoken)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/tokenizer/column.py" line="119"/>
        <source>Other GGUF file…</source>
        <translation>其他 GGUF 文件…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/tokenizer/column.py" line="145"/>
        <source>Loading {name}…</source>
        <translation>正在加载 {name}…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/tokenizer/column.py" line="158"/>
        <source>{tokens} tokens · {chars} characters · {bytes} bytes · {cpt:.2f} characters/token</source>
        <translation>{tokens} 个 token · {chars} 个字符 · {bytes} 字节 · {cpt:.2f} 字符/token</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/tokenizer/column.py" line="169"/>
        <source>Prompt: {n} of {ctx} context tokens ({share:.1%})</source>
        <translation>提示词：{n} / {ctx} 个上下文 token（{share:.1%}）</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/tokenizer/column.py" line="172"/>
        <source>No chat template in this tokenizer: rendered as ChatML.</source>
        <translation>此分词器没有聊天模板：按 ChatML 渲染。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/tokenizer/column.py" line="188"/>
        <source>#{index} · id {id} · {kind} · piece {piece} · bytes {hex} · {start}–{end}</source>
        <translation>#{index} · id {id} · {kind} · 片段 {piece} · 字节 {hex} · {start}–{end}</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/tokenizer/column.py" line="200"/>
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
        <location filename="../../desktop/ui/tokenizer/panel.py" line="304"/>
        <source>Choose a GGUF model</source>
        <translation>选择 GGUF 模型</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/tokenizer/panel.py" line="304"/>
        <source>GGUF models (*.gguf);;All files (*)</source>
        <translation>GGUF 模型 (*.gguf);;所有文件 (*)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/tokenizer/panel.py" line="327"/>
        <source>Loading the text… {percent}%</source>
        <translation>正在加载文本… {percent}%</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/tokenizer/panel.py" line="351"/>
        <source>Open a text file</source>
        <translation>打开文本文件</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/tokenizer/panel.py" line="361"/>
        <source>Cannot read {name}: {reason}</source>
        <translation>无法读取 {name}：{reason}</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/tokenizer/panel.py" line="370"/>
        <source>{name} is not valid UTF-8: undecodable bytes are shown as U+FFFD.</source>
        <translation>{name} 不是有效的 UTF-8：无法解码的字节显示为 U+FFFD。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/tokenizer/panel.py" line="437"/>
        <source>{name}: {tokens} tokens</source>
        <translation>{name}：{tokens} 个 token</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/tokenizer/panel.py" line="446"/>
        <source>{name}: {tokens} tokens, {ratio} of {base}</source>
        <translation>{name}：{tokens} 个 token，为 {base} 的 {ratio}</translation>
    </message>
</context>
<context>
    <name>VariableForm</name>
    <message>
        <location filename="../../desktop/ui/templates/form.py" line="61"/>
        <source>Preview</source>
        <translation>预览</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/templates/form.py" line="100"/>
        <source>This template has no variables.</source>
        <translation>此模板没有变量。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/templates/form.py" line="116"/>
        <source>Required</source>
        <translation>必填</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/templates/form.py" line="118"/>
        <source>Empty uses the default: %1</source>
        <translation>留空则使用默认值：%1</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/templates/form.py" line="173"/>
        <source>Fix the template first: %1 %2</source>
        <translation>请先修正模板：%1 %2</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/templates/form.py" line="179"/>
        <source>Missing: %1</source>
        <translation>缺少：%1</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/templates/form.py" line="196"/>
        <source>%1 characters (load a model to count tokens)</source>
        <translation>%1 个字符（加载模型后可计算 token 数）</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/templates/form.py" line="201"/>
        <source>%1 tokens</source>
        <translation>%1 个 token</translation>
    </message>
</context>
<context>
    <name>WelcomePanel</name>
    <message>
        <location filename="../../desktop/ui/chat/welcome.py" line="22"/>
        <source>Welcome to Tessera</source>
        <translation>欢迎使用 Tessera</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/welcome.py" line="26"/>
        <source>Tessera runs language models on this computer. You have no model yet: pick one of these to start chatting.</source>
        <translation>Tessera 在本机上运行语言模型。你还没有模型：选择以下任一方式开始聊天。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/welcome.py" line="32"/>
        <source>Download a recommended model</source>
        <translation>下载推荐模型</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/welcome.py" line="34"/>
        <source>Open a .gguf file…</source>
        <translation>打开 .gguf 文件…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/welcome.py" line="36"/>
        <source>Use a models folder…</source>
        <translation>使用模型文件夹…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/welcome.py" line="48"/>
        <source>Qwen2.5 0.5B Instruct, Q4_K_M, about 400 MB, from the model hub.</source>
        <translation>Qwen2.5 0.5B Instruct，Q4_K_M，约 400 MB，来自模型中心。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/welcome.py" line="49"/>
        <source>A model you already downloaded.</source>
        <translation>你已下载的模型。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/welcome.py" line="50"/>
        <source>Tessera lists every .gguf file in it and its subfolders.</source>
        <translation>Tessera 会列出其中及子文件夹里的所有 .gguf 文件。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/welcome.py" line="88"/>
        <source>Open a model</source>
        <translation>打开模型</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/welcome.py" line="88"/>
        <source>GGUF models (*.gguf);;All files (*)</source>
        <translation>GGUF 模型 (*.gguf);;所有文件 (*)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/welcome.py" line="95"/>
        <source>Folder with .gguf models</source>
        <translation>包含 .gguf 模型的文件夹</translation>
    </message>
</context>
</TS>

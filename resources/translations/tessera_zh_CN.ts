<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="zh_CN">
<context>
    <name />
    <message>
        <location filename="../../desktop/ui/chat/message_delegate.py" line="242" />
        <location filename="../../desktop/ui/chat/message_delegate.py" line="344" />
        <source>Copy</source>
        <translation>复制</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/message_delegate.py" line="325" />
        <source>%n tokens</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../desktop/ui/chat/message_delegate.py" line="327" />
        <source>TTFT %1 ms</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../desktop/ui/chat/message_delegate.py" line="329" />
        <source>%1 tok/s</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../desktop/ui/chat/message_delegate.py" line="335" />
        <source>mean logprob %1 · perplexity %2</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../desktop/ui/chat/message_delegate.py" line="340" />
        <source>raw</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../desktop/ui/chat/message_delegate.py" line="340" />
        <source>filtered</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../desktop/ui/chat/message_delegate.py" line="341" />
        <source>shading: %1 distribution</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../desktop/ui/chat/message_delegate.py" line="346" />
        <source>Regenerate</source>
        <translation>重新生成</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/message_delegate.py" line="346" />
        <source>Continue</source>
        <translation>继续</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/message_delegate.py" line="348" />
        <source>Edit</source>
        <translation>编辑</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/message_delegate.py" line="350" />
        <source>Delete</source>
        <translation>删除</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/message_delegate.py" line="364" />
        <source>generating…</source>
        <translation>生成中…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/message_delegate.py" line="365" />
        <source>stopped</source>
        <translation>已停止</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/message_delegate.py" line="366" />
        <source>error</source>
        <translation>错误</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/message_delegate.py" line="367" />
        <source>interrupted</source>
        <translation>已中断</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/message_delegate.py" line="371" />
        <source>You</source>
        <translation>你</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/message_delegate.py" line="371" />
        <source>Assistant</source>
        <translation>助手</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/message_delegate.py" line="371" />
        <source>System</source>
        <translation>系统</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/probabilities.py" line="42" />
        <source>Chosen</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../desktop/ui/chat/probabilities.py" line="53" />
        <source>raw distribution</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../desktop/ui/chat/probabilities.py" line="53" />
        <source>after sampling filters</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../desktop/ui/chat/probabilities.py" line="65" />
        <source>Regenerate from here with:</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../desktop/ui/chat/probabilities.py" line="75" />
        <source>No alternatives were recorded for this token</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>ChatController</name>
    <message>
        <location filename="../../desktop/ui/chat/controller.py" line="105" />
        <source>Your text is kept; retry saving.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../desktop/ui/chat/controller.py" line="118" />
        <source>Still failing; retry later.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../desktop/ui/chat/controller.py" line="158" />
        <source>The model is still loading.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../desktop/ui/chat/controller.py" line="158" />
        <source>Wait a moment.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../desktop/ui/chat/controller.py" line="163" />
        <source>No model is loaded.</source>
        <translation>尚未加载模型。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/controller.py" line="164" />
        <source>Pick a model in the inspector and press Load.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../desktop/ui/chat/controller.py" line="447" />
        <source>Could not save the reply as it streams: %1</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../desktop/ui/chat/controller.py" line="476" />
        <source>The reply stopped because the context is full.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../desktop/ui/chat/controller.py" line="477" />
        <source>Start a new chat, raise the context size, or change the overflow policy.</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>ChatPanel</name>
    <message>
        <location filename="../../desktop/ui/chat/chat_panel.py" line="34" />
        <location filename="../../desktop/ui/chat/chat_panel.py" line="109" />
        <source>New chat</source>
        <translation>新建聊天</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/chat_panel.py" line="38" />
        <source>Chat</source>
        <translation>聊天</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/chat_panel.py" line="39" />
        <location filename="../../desktop/ui/chat/chat_panel.py" line="109" />
        <source>Completion</source>
        <translation>补全</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/chat_panel.py" line="42" />
        <source>Raw text continuation, for base models; not saved</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../desktop/ui/chat/chat_panel.py" line="110" />
        <source>Generate</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../desktop/ui/chat/chat_panel.py" line="110" />
        <source>Send</source>
        <translation>发送</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/chat_panel.py" line="118" />
        <source>Retry saving</source>
        <translation>重试保存</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/chat_panel.py" line="121" />
        <source>Reload model</source>
        <translation>重新加载模型</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/chat_panel.py" line="123" />
        <source>Fewer GPU layers</source>
        <translation>减少 GPU 层数</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/chat_panel.py" line="126" />
        <source>Reload on CPU</source>
        <translation>在 CPU 上重新加载</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/chat_panel.py" line="127" />
        <source>Choose another file</source>
        <translation>选择其他文件</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/chat_panel.py" line="130" />
        <source>Choose a model</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../desktop/ui/chat/chat_panel.py" line="132" />
        <source>The model's engine stopped unexpectedly: %1</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../desktop/ui/chat/chat_panel.py" line="133" />
        <source>Your messages are saved. Reload the model to go on.</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>Composer</name>
    <message>
        <location filename="../../desktop/ui/chat/composer.py" line="58" />
        <source>Send</source>
        <translation>发送</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/composer.py" line="61" />
        <source>Stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/composer.py" line="63" />
        <source>Stop generating (Esc)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../desktop/ui/chat/composer.py" line="69" />
        <source>Cancel edit</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../desktop/ui/chat/composer.py" line="100" />
        <source>Message… (Enter to send, Shift+Enter for a new line)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../desktop/ui/chat/composer.py" line="102" />
        <source>Message… (Ctrl+Enter to send)</source>
        <translation>输入消息…（Ctrl+Enter 发送）</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/composer.py" line="126" />
        <source>Editing a message: sending creates a new branch.</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>ConversationListModel</name>
    <message>
        <location filename="../../desktop/ui/conversation_list.py" line="103" />
        <location filename="../../desktop/ui/conversation_list.py" line="138" />
        <source>Untitled</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../desktop/ui/conversation_list.py" line="112" />
        <source>Pinned</source>
        <translation>已置顶</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/conversation_list.py" line="113" />
        <source>Today</source>
        <translation>今天</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/conversation_list.py" line="114" />
        <source>Yesterday</source>
        <translation>昨天</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/conversation_list.py" line="115" />
        <source>Older</source>
        <translation>更早</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/conversation_list.py" line="129" />
        <source>%n results</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../desktop/ui/conversation_list.py" line="131" />
        <source>No matches</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>ConversationListPanel</name>
    <message>
        <location filename="../../desktop/ui/conversation_list.py" line="238" />
        <source>Search chats (Ctrl+K)</source>
        <translation>搜索聊天 (Ctrl+K)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/conversation_list.py" line="240" />
        <source>New chat</source>
        <translation>新建聊天</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/conversation_list.py" line="242" />
        <source>Start a new chat (Ctrl+N)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../desktop/ui/conversation_list.py" line="275" />
        <location filename="../../desktop/ui/conversation_list.py" line="393" />
        <source>Delete chat</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../desktop/ui/conversation_list.py" line="351" />
        <source>Rename…</source>
        <translation>重命名…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/conversation_list.py" line="353" />
        <source>Unpin</source>
        <translation>取消置顶</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/conversation_list.py" line="353" />
        <source>Pin</source>
        <translation>置顶</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/conversation_list.py" line="355" />
        <source>Delete…</source>
        <translation>删除…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/conversation_list.py" line="371" />
        <source>Rename chat</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../desktop/ui/conversation_list.py" line="371" />
        <source>Title:</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../desktop/ui/conversation_list.py" line="394" />
        <source>Delete this chat and all its messages? This cannot be undone.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../desktop/ui/conversation_list.py" line="410" />
        <source>Tessera</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>ErrorBanner</name>
    <message>
        <location filename="../../desktop/ui/error_banner.py" line="28" />
        <source>Dismiss</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>Inspector</name>
    <message>
        <location filename="../../desktop/ui/inspector.py" line="127" />
        <source>Model</source>
        <translation>模型</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/inspector.py" line="135" />
        <source>Open…</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../desktop/ui/inspector.py" line="136" />
        <source>Load a .gguf file from disk</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../desktop/ui/inspector.py" line="145" />
        <location filename="../../desktop/ui/inspector.py" line="334" />
        <source>all</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../desktop/ui/inspector.py" line="152" />
        <source>GPU layers</source>
        <translation>GPU 层数</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/inspector.py" line="164" />
        <source>model's own</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../desktop/ui/inspector.py" line="165" />
        <source>Context size</source>
        <translation>上下文大小</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/inspector.py" line="166" />
        <source>Flash attention</source>
        <translation>Flash 注意力</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/inspector.py" line="170" />
        <source>auto</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../desktop/ui/inspector.py" line="171" />
        <source>Threads</source>
        <translation>线程</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/inspector.py" line="173" />
        <source>Load</source>
        <translation>加载</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/inspector.py" line="175" />
        <source>Unload</source>
        <translation>卸载</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/inspector.py" line="185" />
        <location filename="../../desktop/ui/inspector.py" line="395" />
        <source>No model loaded</source>
        <translation>未加载模型</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/inspector.py" line="200" />
        <source>Sampling</source>
        <translation>采样</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/inspector.py" line="204" />
        <source>Save as…</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../desktop/ui/inspector.py" line="205" />
        <source>Delete</source>
        <translation>删除</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/inspector.py" line="210" />
        <source>Preset</source>
        <translation>预设</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/inspector.py" line="222" />
        <source>off</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../desktop/ui/inspector.py" line="228" />
        <source>no limit</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../desktop/ui/inspector.py" line="229" />
        <source>0: go on until the model stops or the context is full</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../desktop/ui/inspector.py" line="232" />
        <source>random</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../desktop/ui/inspector.py" line="233" />
        <source>Temperature</source>
        <translation>温度</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/inspector.py" line="234" />
        <source>Top-k</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../desktop/ui/inspector.py" line="235" />
        <source>Top-p</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../desktop/ui/inspector.py" line="236" />
        <source>Min-p</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../desktop/ui/inspector.py" line="237" />
        <source>Repeat penalty</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../desktop/ui/inspector.py" line="238" />
        <source>Max tokens</source>
        <translation>最大 token 数</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/inspector.py" line="239" />
        <source>Seed</source>
        <translation>种子</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/inspector.py" line="241" />
        <source>Show probabilities</source>
        <translation>显示概率</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/inspector.py" line="247" />
        <source>raw distribution</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../desktop/ui/inspector.py" line="248" />
        <source>after sampling filters</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../desktop/ui/inspector.py" line="250" />
        <source>Alternatives</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../desktop/ui/inspector.py" line="251" />
        <source>Probabilities of</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../desktop/ui/inspector.py" line="260" />
        <source>Conversation</source>
        <translation>对话</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/inspector.py" line="264" />
        <source>System prompt (optional)</source>
        <translation>系统提示词（可选）</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/inspector.py" line="271" />
        <location filename="../../desktop/ui/inspector.py" line="423" />
        <source>no model</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../desktop/ui/inspector.py" line="272" />
        <source>Context</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../desktop/ui/inspector.py" line="274" />
        <source>Stop at the limit</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../desktop/ui/inspector.py" line="276" />
        <source>Truncate the middle (keep system prompt)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../desktop/ui/inspector.py" line="278" />
        <source>Rolling window</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../desktop/ui/inspector.py" line="279" />
        <source>When full</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../desktop/ui/inspector.py" line="302" />
        <source>No models yet</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../desktop/ui/inspector.py" line="346" />
        <source>This llama.cpp build has no GPU support: the model runs on the CPU.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../desktop/ui/inspector.py" line="349" />
        <source>GPU layers were requested, but this llama.cpp build has no GPU support: the model will run on the CPU.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../desktop/ui/inspector.py" line="352" />
        <source>README, section “GPU”: how to install a GPU build</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../desktop/ui/inspector.py" line="382" />
        <source>Loading %1…</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../desktop/ui/inspector.py" line="400" />
        <source>%1 · %2 · %3 layers · context %4</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../desktop/ui/inspector.py" line="428" />
        <source>%1 / %2 tokens</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../desktop/ui/inspector.py" line="481" />
        <location filename="../../desktop/ui/inspector.py" line="495" />
        <location filename="../../desktop/ui/inspector.py" line="512" />
        <source>Tessera</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../desktop/ui/inspector.py" line="507" />
        <source>Save preset</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../desktop/ui/inspector.py" line="507" />
        <source>Preset name:</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../desktop/ui/inspector.py" line="513" />
        <source>Built-in presets cannot be replaced; pick another name.</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="59" />
        <source>Tessera</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="105" />
        <source>Chat</source>
        <translation>聊天</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="106" />
        <source>Models</source>
        <translation>模型</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="107" />
        <source>Tokenizer</source>
        <translation>分词器</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="108" />
        <source>Templates</source>
        <translation>模板</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="109" />
        <source>Experiments</source>
        <translation>实验</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="153" />
        <location filename="../../desktop/ui/main_window.py" line="523" />
        <location filename="../../desktop/ui/main_window.py" line="545" />
        <source>No model loaded</source>
        <translation>未加载模型</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="180" />
        <source>&amp;New chat</source>
        <translation>新建聊天(&amp;N)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="183" />
        <source>&amp;Open model file…</source>
        <translation>打开模型文件(&amp;O)…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="186" />
        <source>&amp;Settings…</source>
        <translation>设置(&amp;S)…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="188" />
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="190" />
        <source>&amp;Search chats</source>
        <translation>搜索聊天(&amp;S)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="193" />
        <source>S&amp;top</source>
        <translation>停止(&amp;T)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="196" />
        <source>&amp;Regenerate</source>
        <translation>重新生成(&amp;R)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="199" />
        <source>&amp;Inspector</source>
        <translation>检查器(&amp;I)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="204" />
        <source>Show &amp;probabilities</source>
        <translation>显示概率(&amp;P)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="211" />
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="216" />
        <source>&amp;Chat</source>
        <translation>聊天(&amp;C)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="219" />
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="253" />
        <source>This part of Tessera is not available in this build.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="420" />
        <source>No .gguf files were found in %1.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="432" />
        <source>The model hub is not available in this build. Download %1 from %2 by hand and open it here.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="449" />
        <source>Open a model</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="451" />
        <source>GGUF models (*.gguf);;All files (*)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="484" />
        <source>Loading %1…</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="496" />
        <source>GPU layers %1/%2</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="525" />
        <source>Choose another file</source>
        <translation>选择其他文件</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="529" />
        <source>Fewer GPU layers</source>
        <translation>减少 GPU 层数</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="532" />
        <source>Load on CPU</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="536" />
        <source>Could not load %1: %2</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="554" />
        <source>%1 tok/s</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="591" />
        <source>New chat</source>
        <translation>新建聊天</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="683" />
        <source>Memory %1 MB</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <location filename="../../desktop/ui/settings_dialog.py" line="18" />
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings_dialog.py" line="21" />
        <source>Enter sends the message (Shift+Enter for a new line)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../desktop/ui/settings_dialog.py" line="26" />
        <source>Otherwise Ctrl+Enter sends and Enter starts a new line.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../desktop/ui/settings_dialog.py" line="29" />
        <source>Follow the system</source>
        <translation>跟随系统</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings_dialog.py" line="30" />
        <source>Light</source>
        <translation>浅色</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings_dialog.py" line="31" />
        <source>Dark</source>
        <translation>深色</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings_dialog.py" line="33" />
        <source>Theme</source>
        <translation>主题</translation>
    </message>
</context>
<context>
    <name>WelcomePanel</name>
    <message>
        <location filename="../../desktop/ui/welcome.py" line="22" />
        <source>Welcome to Tessera</source>
        <translation>欢迎使用 Tessera</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/welcome.py" line="26" />
        <source>Tessera runs language models on this computer. You have no model yet: pick one of these to start chatting.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../desktop/ui/welcome.py" line="32" />
        <source>Download a recommended model</source>
        <translation>下载推荐模型</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/welcome.py" line="34" />
        <source>Open a .gguf file…</source>
        <translation>打开 .gguf 文件…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/welcome.py" line="36" />
        <source>Use a models folder…</source>
        <translation>使用模型文件夹…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/welcome.py" line="48" />
        <source>Qwen2.5 0.5B Instruct, Q4_K_M, about 400 MB, from the model hub.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../desktop/ui/welcome.py" line="49" />
        <source>A model you already downloaded.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../desktop/ui/welcome.py" line="50" />
        <source>Tessera lists every .gguf file in it and its subfolders.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../desktop/ui/welcome.py" line="88" />
        <source>Open a model</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../desktop/ui/welcome.py" line="88" />
        <source>GGUF models (*.gguf);;All files (*)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../../desktop/ui/welcome.py" line="95" />
        <source>Folder with .gguf models</source>
        <translation type="unfinished" />
    </message>
</context>
</TS>
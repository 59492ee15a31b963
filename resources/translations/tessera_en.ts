<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US">
<context>
    <name>ChunksPanel</name>
    <message numerus="yes">
        <location filename="../../desktop/ui/knowledge/chunks_panel.py" line="112"/>
        <source>%1 — %n chunk(s), %2 tokens</source>
        <translation>
            <numerusform>%1 — %n chunk, %2 tokens</numerusform>
            <numerusform>%1 — %n chunks, %2 tokens</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ComparePane</name>
    <message numerus="yes">
        <location filename="../../desktop/ui/compare/pane_widget.py" line="116"/>
        <source>%n token(s)</source>
        <translation>
            <numerusform>%n token</numerusform>
            <numerusform>%n tokens</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Composer</name>
    <message numerus="yes">
        <location filename="../../desktop/ui/chat/composer.py" line="194"/>
        <source>%n token(s)</source>
        <translation>
            <numerusform>%n token</numerusform>
            <numerusform>%n tokens</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ConversationListModel</name>
    <message numerus="yes">
        <location filename="../../desktop/ui/chat/conversation_list.py" line="144"/>
        <source>%n result(s)</source>
        <translation>
            <numerusform>%n result</numerusform>
            <numerusform>%n results</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>DownloadStatus</name>
    <message numerus="yes">
        <location filename="../../desktop/ui/models/download_status.py" line="73"/>
        <source>Downloading %n model(s): %2</source>
        <translation>
            <numerusform>Downloading %n model: %2</numerusform>
            <numerusform>Downloading %n models: %2</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>FormatVerdict</name>
    <message numerus="yes">
        <location filename="../../desktop/ui/chat/format_footer.py" line="28"/>
        <source>✗ %n problem(s)</source>
        <translation>
            <numerusform>✗ %n problem</numerusform>
            <numerusform>✗ %n problems</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>HubPanel</name>
    <message numerus="yes">
        <location filename="../../desktop/ui/models/hub_panel.py" line="280"/>
        <source>%n model(s)</source>
        <translation>
            <numerusform>%n model</numerusform>
            <numerusform>%n models</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>LibraryPanel</name>
    <message numerus="yes">
        <location filename="../../desktop/ui/models/library_panel.py" line="274"/>
        <source>%n GGUF model(s) found.</source>
        <translation>
            <numerusform>%n GGUF model found.</numerusform>
            <numerusform>%n GGUF models found.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>MessageDelegate</name>
    <message numerus="yes">
        <location filename="../../desktop/ui/chat/message_delegate.py" line="90"/>
        <source>%n token(s)</source>
        <translation>
            <numerusform>%n token</numerusform>
            <numerusform>%n tokens</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ReplyKnowledgeDialog</name>
    <message numerus="yes">
        <location filename="../../desktop/ui/chat/knowledge_dialog.py" line="180"/>
        <source>The template put %n chunk(s) around your message (marked); its cost in tokens is unknown (no model counted it).</source>
        <translation>
            <numerusform>The template put %n chunk around your message (marked); its cost in tokens is unknown (no model counted it).</numerusform>
            <numerusform>The template put %n chunks around your message (marked); its cost in tokens is unknown (no model counted it).</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../desktop/ui/chat/knowledge_dialog.py" line="187"/>
        <source>The template put %n chunk(s) around your message (marked).</source>
        <translation>
            <numerusform>The template put %n chunk around your message (marked).</numerusform>
            <numerusform>The template put %n chunks around your message (marked).</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../desktop/ui/chat/knowledge_dialog.py" line="190"/>
        <source>They cost %n token(s) of the model&apos;s context.</source>
        <translation>
            <numerusform>They cost %n token of the model&apos;s context.</numerusform>
            <numerusform>They cost %n tokens of the model&apos;s context.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../desktop/ui/chat/knowledge_dialog.py" line="263"/>
        <source>%n token(s) in this prompt</source>
        <translation>
            <numerusform>%n token in this prompt</numerusform>
            <numerusform>%n tokens in this prompt</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>RequestDetail</name>
    <message numerus="yes">
        <location filename="../../desktop/ui/server/request_detail.py" line="150"/>
        <source>Prompt: %n token(s), as the model read them</source>
        <translation>
            <numerusform>Prompt: %n token, as the model read them</numerusform>
            <numerusform>Prompt: %n tokens, as the model read them</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>SavedEntryLabel</name>
    <message numerus="yes">
        <location filename="../../desktop/ui/compare/saved_menu.py" line="26"/>
        <source>%n pane(s)</source>
        <translation>
            <numerusform>%n pane</numerusform>
            <numerusform>%n panes</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../desktop/ui/compare/saved_menu.py" line="27"/>
        <source>%n message(s)</source>
        <translation>
            <numerusform>%n message</numerusform>
            <numerusform>%n messages</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>SearchPanel</name>
    <message numerus="yes">
        <location filename="../../desktop/ui/knowledge/search_panel.py" line="147"/>
        <source>%n hit(s)</source>
        <translation>
            <numerusform>%n hit</numerusform>
            <numerusform>%n hits</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ThinkingLabel</name>
    <message numerus="yes">
        <location filename="../../desktop/ui/chat/thinking_block.py" line="29"/>
        <source>Thinking… · %n token(s)</source>
        <translation>
            <numerusform>Thinking… · %n token</numerusform>
            <numerusform>Thinking… · %n tokens</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../desktop/ui/chat/thinking_block.py" line="34"/>
        <source>Thought for %1 s · %n token(s)</source>
        <translation>
            <numerusform>Thought for %1 s · %n token</numerusform>
            <numerusform>Thought for %1 s · %n tokens</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../desktop/ui/chat/thinking_block.py" line="37"/>
        <source>Thinking · %n token(s)</source>
        <translation>
            <numerusform>Thinking · %n token</numerusform>
            <numerusform>Thinking · %n tokens</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ToolSettingsDialog</name>
    <message numerus="yes">
        <location filename="../../desktop/ui/tools/settings_dialog.py" line="166"/>
        <source>%n server(s); they start when a chat lists its tools.</source>
        <translation>
            <numerusform>%n server; they start when a chat lists its tools.</numerusform>
            <numerusform>%n servers; they start when a chat lists its tools.</numerusform>
        </translation>
    </message>
</context>
</TS>

<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US">
<context>
    <name>ComparePane</name>
    <message numerus="yes">
        <location filename="../../desktop/ui/compare/pane_widget.py" line="113"/>
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
        <location filename="../../desktop/ui/chat/conversation_list.py" line="136"/>
        <source>%n result(s)</source>
        <translation>
            <numerusform>%n result</numerusform>
            <numerusform>%n results</numerusform>
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
        <location filename="../../desktop/ui/models/library_panel.py" line="258"/>
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
    <name>ThinkingLabel</name>
    <message numerus="yes">
        <location filename="../../desktop/ui/chat/thinking_block.py" line="21"/>
        <source>Thinking · %n token(s)</source>
        <translation>
            <numerusform>Thinking · %n token</numerusform>
            <numerusform>Thinking · %n tokens</numerusform>
        </translation>
    </message>
</context>
</TS>

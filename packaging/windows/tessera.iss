; Inno Setup 6 script for Tessera. Built by `python packaging/build.py` on Windows, which passes
;   /DAppVersion=0.1.0 /DSourceDir=<dist\tessera> /DOutputDir=<dist> /DOutputBase=<file name>
; Installs per user by default (no admin prompt; the user may choose all users), adds Start menu
; and optional desktop shortcuts, and an uninstaller. User data lives in
; %LOCALAPPDATA%\tessera (platformdirs), outside the install folder: upgrades and uninstall keep it.

#ifndef AppVersion
  #define AppVersion "0.0.0"
#endif
#ifndef SourceDir
  #define SourceDir "..\..\dist\tessera"
#endif
#ifndef OutputDir
  #define OutputDir "..\..\dist"
#endif
#ifndef OutputBase
  #define OutputBase "tessera-" + AppVersion + "-windows-x86_64-setup"
#endif

[Setup]
; A fixed AppId makes a new version upgrade the installed one in place.
AppId={{8C4B7E52-3D1A-4F6B-9E0C-2A5D7F1B3C94}
AppName=Tessera
AppVersion={#AppVersion}
AppVerName=Tessera {#AppVersion}
AppPublisher=Tessera
AppPublisherURL=https://github.com/tessera/tessera
DefaultDirName={autopf}\Tessera
DefaultGroupName=Tessera
DisableProgramGroupPage=yes
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=dialog
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
OutputDir={#OutputDir}
OutputBaseFilename={#OutputBase}
SetupIconFile=..\..\resources\icons\tessera.ico
UninstallDisplayIcon={app}\tessera.exe
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
CloseApplications=yes

[Languages]
Name: "english"; MessagesFile: "compiler:Default.isl"

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[InstallDelete]
; The bundle's _internal folder is replaced whole on upgrade so no stale library survives.
Type: filesandordirs; Name: "{app}\_internal"

[Files]
Source: "{#SourceDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{autoprograms}\Tessera"; Filename: "{app}\tessera.exe"
Name: "{autodesktop}\Tessera"; Filename: "{app}\tessera.exe"; Tasks: desktopicon

[Run]
Filename: "{app}\tessera.exe"; Description: "{cm:LaunchProgram,Tessera}"; Flags: nowait postinstall skipifsilent

; Inno Setup 6 script for the Windows installer of the one-folder build.
;
; Run `python packaging/build.py` on Windows: it builds dist\practitioner-journal and then
; runs iscc with the /D values below, read from journal/__init__.py (see packaging/README.md).
; It installs for the current user only, so no administrator rights are needed. Uninstalling
; removes the program, never the journal in %LOCALAPPDATA%\PractitionerJournal.

#if !Defined(AppVersion) || !Defined(AppId) || !Defined(AppName) || !Defined(GuiExe) || !Defined(DistDir) || !Defined(IconFile) || !Defined(OutputDir)
  #error Run packaging/build.py, which passes AppVersion, AppId, AppName, GuiExe, DistDir, IconFile and OutputDir.
#endif

[Setup]
AppId={#AppId}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher={#AppName} contributors
DefaultDirName={autopf}\{#AppName}
DisableProgramGroupPage=yes
PrivilegesRequired=lowest
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
OutputDir={#OutputDir}
OutputBaseFilename=PractitionerJournal-{#AppVersion}-setup
SetupIconFile={#IconFile}
UninstallDisplayIcon={app}\{#GuiExe}.exe
UninstallDisplayName={#AppName}
Compression=lzma2
SolidCompression=yes
WizardStyle=modern

[Languages]
Name: "english"; MessagesFile: "compiler:Default.isl"

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[Files]
Source: "{#DistDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{autoprograms}\{#AppName}"; Filename: "{app}\{#GuiExe}.exe"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\{#GuiExe}.exe"; Tasks: desktopicon

[Run]
Filename: "{app}\{#GuiExe}.exe"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: nowait postinstall skipifsilent

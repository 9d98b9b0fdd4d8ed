; carehome-desk's Windows installer, built on Linux by scripts/build_windows.py (make windows) with
; Debian's nsis. Per-user: no administrator rights, installs under %LOCALAPPDATA%\Programs.
; Defines passed by the build: VERSION, STAGE (the staged folder), OUTFILE, ESTIMATED_KB, ICON.
;
; The records are NOT in the install folder: they live in %LOCALAPPDATA%\carehome-desk (platformdirs'
; per-user data folder, see carehome_desk/paths.py), which the uninstaller leaves alone and says so.

; 64-bit, like everything it installs (win_amd64 wheels): 32-bit Windows is not supported.
Target amd64-unicode
SetCompressor /SOLID lzma
SetCompressorDictSize 64
ManifestDPIAware true
RequestExecutionLevel user

!define APP "carehome-desk"
!define PUBLISHER "carehome-desk developers"
!define UNINSTKEY "Software\Microsoft\Windows\CurrentVersion\Uninstall\${APP}"
!define DATADIR "$LOCALAPPDATA\${APP}"

Name "${APP} ${VERSION}"
OutFile "${OUTFILE}"
InstallDir "$LOCALAPPDATA\Programs\${APP}"
InstallDirRegKey HKCU "Software\${APP}" "InstallDir"
BrandingText "${APP} ${VERSION}"
VIProductVersion "${VERSION}.0"
VIAddVersionKey "ProductName" "${APP}"
VIAddVersionKey "ProductVersion" "${VERSION}"
VIAddVersionKey "FileVersion" "${VERSION}"
VIAddVersionKey "CompanyName" "${PUBLISHER}"
VIAddVersionKey "FileDescription" "${APP} ${VERSION} setup"
VIAddVersionKey "LegalCopyright" "${PUBLISHER}"

!include "MUI2.nsh"
!include "LogicLib.nsh"

!define MUI_ICON "${ICON}"
!define MUI_UNICON "${ICON}"
!define MUI_ABORTWARNING

!define MUI_WELCOMEPAGE_TEXT "This installs ${APP} ${VERSION} for you only: no administrator rights are needed.$\r$\n$\r$\nYour records are kept separately, in ${DATADIR}, and are never removed by installing, updating or uninstalling.$\r$\n$\r$\nClick Next to continue."
!insertmacro MUI_PAGE_WELCOME
!insertmacro MUI_PAGE_DIRECTORY
!insertmacro MUI_PAGE_INSTFILES
!define MUI_FINISHPAGE_RUN "$INSTDIR\python\pythonw.exe"
!define MUI_FINISHPAGE_RUN_PARAMETERS "-X utf8 -m carehome_desk"
!define MUI_FINISHPAGE_RUN_TEXT "Open ${APP} now"
!insertmacro MUI_PAGE_FINISH

!define MUI_UNCONFIRMPAGE_TEXT_TOP "This removes the ${APP} program. Your records in ${DATADIR} (the database, its backups and logs) are NOT removed: delete that folder yourself only if you no longer need them."
!insertmacro MUI_UNPAGE_CONFIRM
!insertmacro MUI_UNPAGE_INSTFILES

!insertmacro MUI_LANGUAGE "English"

Section "carehome-desk" SecMain
  SectionIn RO
  ; An update replaces the whole runtime: no stale packages from the previous version stay behind.
  RMDir /r "$INSTDIR\python"
  SetOutPath "$INSTDIR"
  File /r "${STAGE}\*"

  WriteUninstaller "$INSTDIR\uninstall.exe"
  WriteRegStr HKCU "Software\${APP}" "InstallDir" "$INSTDIR"

  ; Shortcuts start the window through pythonw.exe: no console window. "Start in" is Documents.
  ; -X utf8: Python's UTF-8 mode, as on Linux where the app is tested (and as carehome-desk.cmd).
  SetShellVarContext current
  SetOutPath "$DOCUMENTS"
  CreateShortcut "$SMPROGRAMS\${APP}.lnk" "$INSTDIR\python\pythonw.exe" "-X utf8 -m carehome_desk" \
      "$INSTDIR\carehome-desk.ico" 0 SW_SHOWNORMAL "" "Records and Ofsted evidence packs for a children's home"
  CreateShortcut "$DESKTOP\${APP}.lnk" "$INSTDIR\python\pythonw.exe" "-X utf8 -m carehome_desk" \
      "$INSTDIR\carehome-desk.ico" 0 SW_SHOWNORMAL "" "Records and Ofsted evidence packs for a children's home"
  SetOutPath "$INSTDIR"

  ; Apps & features
  WriteRegStr HKCU "${UNINSTKEY}" "DisplayName" "${APP}"
  WriteRegStr HKCU "${UNINSTKEY}" "DisplayVersion" "${VERSION}"
  WriteRegStr HKCU "${UNINSTKEY}" "Publisher" "${PUBLISHER}"
  WriteRegStr HKCU "${UNINSTKEY}" "DisplayIcon" "$INSTDIR\carehome-desk.ico"
  WriteRegStr HKCU "${UNINSTKEY}" "InstallLocation" "$INSTDIR"
  WriteRegStr HKCU "${UNINSTKEY}" "UninstallString" '"$INSTDIR\uninstall.exe"'
  WriteRegStr HKCU "${UNINSTKEY}" "QuietUninstallString" '"$INSTDIR\uninstall.exe" /S'
  WriteRegDWORD HKCU "${UNINSTKEY}" "EstimatedSize" ${ESTIMATED_KB}
  WriteRegDWORD HKCU "${UNINSTKEY}" "NoModify" 1
  WriteRegDWORD HKCU "${UNINSTKEY}" "NoRepair" 1

  DetailPrint "Command line for scheduled exports: $INSTDIR\carehome-desk.cmd"
  DetailPrint "Your records stay in ${DATADIR}."
SectionEnd

Section "Uninstall"
  SetShellVarContext current
  Delete "$SMPROGRAMS\${APP}.lnk"
  Delete "$DESKTOP\${APP}.lnk"
  ; Only what the installer put there. The data folder (${DATADIR}) is a different folder, never touched.
  RMDir /r "$INSTDIR\python"
  Delete "$INSTDIR\carehome-desk.cmd"
  Delete "$INSTDIR\carehome-desk.ico"
  Delete "$INSTDIR\uninstall.exe"
  RMDir "$INSTDIR"
  DeleteRegKey HKCU "${UNINSTKEY}"
  DeleteRegKey HKCU "Software\${APP}"
  DetailPrint "Your records were left in ${DATADIR}."
  MessageBox MB_OK|MB_ICONINFORMATION "${APP} has been removed.$\r$\n$\r$\nYour records were left in place, in ${DATADIR}. Delete that folder yourself only if you no longer need them (keep a backup)." /SD IDOK
SectionEnd

@echo off
rem The NR Lab command line of an installed app (Windows): the app's runtime in Node mode runs the
rem bundled CLI. Add this folder (…\NR Lab\resources\cli) to PATH to type "nrlab". See README "Installing".
setlocal
set "ELECTRON_RUN_AS_NODE=1"
"%~dp0..\..\NR Lab.exe" "%~dp0nrlab.cjs" %*
exit /b %ERRORLEVEL%

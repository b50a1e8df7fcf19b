<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="es_ES">
<context>
    <name>Contributor</name>
    <message>
        <source>no display found (DISPLAY and WAYLAND_DISPLAY are not set)</source>
        <translation>no se encontró pantalla (DISPLAY y WAYLAND_DISPLAY no están definidas)</translation>
    </message>
    <message>
        <source> (%1 GiB, compute %2.%3)</source>
        <translation> (%1 GiB, compute %2.%3)</translation>
    </message>
    <message>
        <source>NVIDIA GPU</source>
        <translation>GPU NVIDIA</translation>
    </message>
    <message>
        <source>the display could not be opened</source>
        <translation>no se pudo abrir la pantalla</translation>
    </message>
    <message>
        <source>Cocoon Contributor: put an idle GPU to work in the Cocoon confidential-computing network.</source>
        <translation>Cocoon Contributor: pon una GPU inactiva a trabajar en la red de computación confidencial Cocoon.</translation>
    </message>
    <message>
        <source>Run without a window (for servers and rigs).</source>
        <translation>Ejecutar sin ventana (para servidores y equipos de minería).</translation>
    </message>
    <message>
        <source>Join this coordinator (wss://HOST:PORT; default: the net.coordinator setting).</source>
        <translation>Unirse a este coordinador (wss://HOST:PORT; por defecto, el ajuste net.coordinator).</translation>
    </message>
    <message>
        <source>Without a coordinator, do not join the local demo network (see the net.demo setting).</source>
        <translation>Sin coordinador, no unirse a la red de demostración local (ver el ajuste net.demo).</translation>
    </message>
    <message>
        <source>Save every page of the window as a PNG (1280x800) into &lt;dir&gt; once the demo network has done a few jobs, then quit (tests, documentation).</source>
        <translation>Guardar cada página de la ventana como PNG (1280x800) en &lt;dir&gt; cuando la red de demostración haya hecho algunos trabajos, y salir (pruebas, documentación).</translation>
    </message>
    <message>
        <source>The coordinator&apos;s key pin, 64 hex digits (default: the net.pin setting).</source>
        <translation>La huella de la clave del coordinador, 64 dígitos hexadecimales (por defecto, el ajuste net.pin).</translation>
    </message>
    <message>
        <source>Cocoon Contributor is already running; its window has been brought to the front.</source>
        <translation>Cocoon Contributor ya se está ejecutando; su ventana se ha traído al frente.</translation>
    </message>
    <message>
        <source>cocoon-contributor: %1; running headless.</source>
        <translation>cocoon-contributor: %1; se ejecuta sin ventana.</translation>
    </message>
    <message>
        <source>Payout received: wallet balance is now %1 TON.</source>
        <translation>Pago recibido: el saldo de la cartera es ahora %1 TON.</translation>
    </message>
    <message>
        <source>Warning: %1</source>
        <translation>Aviso: %1</translation>
    </message>
    <message>
        <source>Cocoon Contributor %1 is running headless (data in %2). Stop with Ctrl+C.</source>
        <translation>Cocoon Contributor %1 se ejecuta sin ventana (datos en %2). Detenlo con Ctrl+C.</translation>
    </message>
    <message>
        <source>Privacy tier: confidential.</source>
        <translation>Nivel de privacidad: confidencial.</translation>
    </message>
    <message>
        <source>Privacy tier: sealed (%1).</source>
        <translation>Nivel de privacidad: sellado (%1).</translation>
    </message>
    <message>
        <source>First run: showing the setup wizard (File &gt; Set up again… reopens it).</source>
        <translation>Primer inicio: se muestra el asistente de configuración (Archivo &gt; Configurar de nuevo… lo vuelve a abrir).</translation>
    </message>
    <message>
        <source>Start at login could not be changed: %1</source>
        <translation>No se pudo cambiar el inicio al iniciar sesión: %1</translation>
    </message>
    <message>
        <source>Cocoon Contributor will start when you log in (%1).</source>
        <translation>Cocoon Contributor se iniciará al iniciar sesión (%1).</translation>
    </message>
    <message>
        <source>Cocoon Contributor will no longer start at login.</source>
        <translation>Cocoon Contributor ya no se iniciará al iniciar sesión.</translation>
    </message>
    <message>
        <source>Set up again. The new network is joined at the next start; limits apply now.</source>
        <translation>Configuración actualizada. La nueva red se usará en el próximo inicio; los límites se aplican ya.</translation>
    </message>
    <message>
        <source>The setup could not be saved: %1</source>
        <translation>No se pudo guardar la configuración: %1</translation>
    </message>
    <message>
        <source>Cocoon Contributor %1 is running (data in %2).</source>
        <translation>Cocoon Contributor %1 se está ejecutando (datos en %2).</translation>
    </message>
    <message>
        <source>not started</source>
        <translation>no iniciada</translation>
    </message>
    <message>
        <source>Connected to %1; contributing.</source>
        <translation>Conectado a %1; contribuyendo.</translation>
    </message>
    <message>
        <source>Lost %1 (%2); reconnecting.</source>
        <translation>Se perdió %1 (%2); reconectando.</translation>
    </message>
    <message>
        <source>%1 was refused: %2</source>
        <translation>%1 fue rechazado: %2</translation>
    </message>
    <message>
        <source>WARNING: %1</source>
        <translation>ATENCIÓN: %1</translation>
    </message>
    <message>
        <source>the coordinator at %1</source>
        <translation>el coordinador en %1</translation>
    </message>
    <message>
        <source>No coordinator is configured (--coordinator, or the net.coordinator setting), so nothing is being contributed.</source>
        <translation>No hay coordinador configurado (--coordinator o el ajuste net.coordinator), así que no se contribuye nada.</translation>
    </message>
    <message>
        <source>The demo network could not start: %1</source>
        <translation>No se pudo iniciar la red de demostración: %1</translation>
    </message>
    <message>
        <source>Starting the local demo network (test TON, no account, no internet)...</source>
        <translation>Iniciando la red de demostración local (TON de prueba, sin cuenta, sin internet)...</translation>
    </message>
    <message>
        <source>Demo network: %1 done (%2 units, %3 test TON); %4 test TON credited so far.</source>
        <translation>Red de demostración: %1 hecho (%2 unidades, %3 TON de prueba); %4 TON de prueba acreditados hasta ahora.</translation>
    </message>
    <message>
        <source>Screenshots saved: %1</source>
        <translation>Capturas guardadas: %1</translation>
    </message>
    <message>
        <source>Screenshot problem: %1</source>
        <translation>Problema con una captura: %1</translation>
    </message>
    <message>
        <source>Showing the Cocoon Contributor service running in the background (process %1). Closing this window leaves it running.</source>
        <translation>Se muestra el servicio de Cocoon Contributor que funciona en segundo plano (proceso %1). Al cerrar esta ventana, el servicio sigue en marcha.</translation>
    </message>
    <message>
        <source>Set up again. The new network is joined when the service restarts; limits apply now.</source>
        <translation>Configuración actualizada. El servicio se unirá a la nueva red cuando se reinicie; los límites se aplican ya.</translation>
    </message>
    <message>
        <source>The background service stopped answering (%1). Start it again with &apos;systemctl --user start cocoon-contributor&apos;; this window reconnects by itself.</source>
        <translation>El servicio en segundo plano dejó de responder (%1). Vuelva a iniciarlo con &apos;systemctl --user start cocoon-contributor&apos;; esta ventana se reconectará sola.</translation>
    </message>
    <message>
        <source>the local demo network (test TON; payouts off: %1)</source>
        <translation>la red de demostración local (TON de prueba; pagos desactivados: %1)</translation>
    </message>
    <message>
        <source>the local demo network (test TON, paid out on an emulated TON chain)</source>
        <translation>la red de demostración local (TON de prueba, pagados en una cadena TON emulada)</translation>
    </message>
    <message>
        <source>the emulated TON chain is not part of this installation (it comes with the source tree)</source>
        <translation>la cadena TON emulada no forma parte de esta instalación (viene con el código fuente)</translation>
    </message>
    <message>
        <source>Node.js is not installed (make deps installs it)</source>
        <translation>Node.js no está instalado (make deps lo instala)</translation>
    </message>
    <message>
        <source>the emulated TON chain&apos;s packages are not installed (make deps installs them)</source>
        <translation>los paquetes de la cadena TON emulada no están instalados (make deps los instala)</translation>
    </message>
    <message>
        <source>the emulated TON chain did not start</source>
        <translation>la cadena TON emulada no arrancó</translation>
    </message>
    <message>
        <source>the emulated TON chain did not start: %1</source>
        <translation>la cadena TON emulada no arrancó: %1</translation>
    </message>
</context>
<context>
    <name>QObject</name>
    <message>
        <source>The per-device limits could not be read: %1</source>
        <translation>No se pudieron leer los límites por dispositivo: %1</translation>
    </message>
    <message>
        <source>Unknown setting %1</source>
        <translation>Ajuste desconocido %1</translation>
    </message>
</context>
<context>
    <name>cocoon::MainWindow</name>
    <message>
        <source>Cocoon Contributor</source>
        <translation>Cocoon Contributor</translation>
    </message>
    <message>
        <source>%1 — not usable: %2</source>
        <translation>%1 — no utilizable: %2</translation>
    </message>
    <message>
        <source>Not contributing: no coordinator is configured (start with --coordinator wss://HOST:PORT --pin HEX, or set net.coordinator and net.pin).</source>
        <translation>Sin contribuir: no hay coordinador configurado (inicia con --coordinator wss://HOST:PORT --pin HEX o define net.coordinator y net.pin).</translation>
    </message>
    <message>
        <source>&amp;Dashboard</source>
        <translation>&amp;Panel</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Archivo</translation>
    </message>
    <message>
        <source>Set &amp;up again…</source>
        <translation>&amp;Configurar de nuevo…</translation>
    </message>
    <message>
        <source>Start at &amp;login</source>
        <translation>Iniciar al iniciar &amp;sesión</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Salir</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>A&amp;yuda</translation>
    </message>
    <message>
        <source>&amp;About</source>
        <translation>&amp;Acerca de</translation>
    </message>
    <message>
        <source>About Cocoon Contributor</source>
        <translation>Acerca de Cocoon Contributor</translation>
    </message>
    <message>
        <source>Cocoon Contributor %1
Put an idle GPU to work in the Cocoon confidential-computing network.</source>
        <translation>Cocoon Contributor %1
Pon una GPU inactiva a trabajar en la red de computación confidencial Cocoon.</translation>
    </message>
    <message>
        <source>Idle</source>
        <translation>Inactivo</translation>
    </message>
    <message>
        <source>&amp;Activity</source>
        <translation>Ac&amp;tividad</translation>
    </message>
    <message>
        <source>&amp;Contribute</source>
        <translation>&amp;Contribuir</translation>
    </message>
    <message>
        <source>&amp;Pause</source>
        <translation>&amp;Pausar</translation>
    </message>
    <message>
        <source>&amp;Resume</source>
        <translation>&amp;Reanudar</translation>
    </message>
    <message>
        <source>Snooze for 15 minutes</source>
        <translation>Posponer 15 minutos</translation>
    </message>
    <message>
        <source>Snooze for 1 hour</source>
        <translation>Posponer 1 hora</translation>
    </message>
    <message>
        <source>Snooze until tomorrow</source>
        <translation>Posponer hasta mañana</translation>
    </message>
    <message>
        <source>Snooze for…</source>
        <translation>Posponer…</translation>
    </message>
    <message>
        <source>Snooze</source>
        <translation>Posponer</translation>
    </message>
    <message>
        <source>Pause all work for how many minutes? It resumes by itself.</source>
        <translation>¿Cuántos minutos pausar todo el trabajo? Se reanuda solo.</translation>
    </message>
    <message>
        <source>&amp;Earnings</source>
        <translation>&amp;Ganancias</translation>
    </message>
    <message>
        <source>&amp;Wallet</source>
        <translation>Ca&amp;rtera</translation>
    </message>
    <message>
        <source>&amp;Jobs</source>
        <translation>&amp;Trabajos</translation>
    </message>
    <message>
        <source>&amp;Limits</source>
        <translation>&amp;Límites</translation>
    </message>
    <message>
        <source>Still running</source>
        <translation>Sigue en ejecución</translation>
    </message>
    <message>
        <source>Cocoon Contributor keeps working in the tray. Use Quit in its menu to stop it.</source>
        <translation>Cocoon Contributor sigue trabajando en la bandeja del sistema. Usa Salir en su menú para detenerlo.</translation>
    </message>
    <message>
        <source>an error dialog is up: %1</source>
        <translation>hay un diálogo de error abierto: %1</translation>
    </message>
    <message>
        <source>could not save %1</source>
        <translation>no se pudo guardar %1</translation>
    </message>
    <message>
        <source>Privacy tier</source>
        <translation>Nivel de privacidad</translation>
    </message>
    <message>
        <source>&lt;b&gt;Privacy: confidential.&lt;/b&gt; Jobs run inside hardware-protected memory that this machine can prove.</source>
        <translation>&lt;b&gt;Privacidad: confidencial.&lt;/b&gt; Los trabajos se ejecutan en memoria protegida por hardware, y esta máquina puede demostrarlo.</translation>
    </message>
    <message>
        <source>&lt;b&gt;Privacy: sealed.&lt;/b&gt; Jobs are encrypted end to end, but this machine cannot prove that its memory is private (its owner could in principle inspect it): %1</source>
        <translation>&lt;b&gt;Privacidad: sellada.&lt;/b&gt; Los trabajos están cifrados de extremo a extremo, pero esta máquina no puede demostrar que su memoria sea privada (su dueño podría, en principio, inspeccionarla): %1</translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation>&amp;Idioma</translation>
    </message>
</context>
<context>
    <name>cocoon::Settings</name>
    <message>
        <source>true or false</source>
        <translation>true o false</translation>
    </message>
    <message>
        <source>a whole number from %1 to %2</source>
        <translation>un número entero de %1 a %2</translation>
    </message>
    <message>
        <source>one of: %1</source>
        <translation>uno de: %1</translation>
    </message>
    <message>
        <source>%1: &apos;%2&apos; is not valid; expected %3</source>
        <translation>%1: «%2» no es válido; se espera %3</translation>
    </message>
    <message>
        <source>%1: %2%3 is out of range; allowed is %4%5</source>
        <translation>%1: %2%3 está fuera de rango; se permite %4%5</translation>
    </message>
    <message>
        <source>%1: &apos;%2&apos; is not allowed; use %3</source>
        <translation>%1: «%2» no está permitido; use %3</translation>
    </message>
    <message>
        <source>there is no setting called &apos;%1&apos;</source>
        <translation>no existe ningún ajuste llamado «%1»</translation>
    </message>
    <message>
        <source>%1 was written by a newer version of Cocoon Contributor; change settings with that version</source>
        <translation>%1 lo escribió una versión más reciente de Cocoon Contributor; cambie los ajustes con esa versión</translation>
    </message>
    <message>
        <source>settings not saved: %1</source>
        <translation>ajustes no guardados: %1</translation>
    </message>
    <message>
        <source>cannot read %1: %2</source>
        <translation>no se puede leer %1: %2</translation>
    </message>
    <message>
        <source>%1 could not be read (%2)</source>
        <translation>no se pudo leer %1 (%2)</translation>
    </message>
    <message>
        <source>%1 could not be read (%2); it was kept as %3 and defaults are in use</source>
        <translation>no se pudo leer %1 (%2); se conservó como %3 y se usan los valores predeterminados</translation>
    </message>
    <message>
        <source>%1 at byte %2</source>
        <translation>%1 en el byte %2</translation>
    </message>
    <message>
        <source>not a settings file: expected {&quot;schema&quot;: N, &quot;values&quot;: {...}}</source>
        <translation>no es un archivo de ajustes: se espera {&quot;schema&quot;: N, &quot;values&quot;: {...}}</translation>
    </message>
    <message>
        <source>no upgrade from settings schema %1</source>
        <translation>no hay actualización desde el esquema de ajustes %1</translation>
    </message>
</context>
<context>
    <name>cocoon::SettingsTable</name>
    <message>
        <source>How much detail goes to the log file (--log-level overrides it for one run)</source>
        <translation>Cuánto detalle va al archivo de registro (--log-level lo cambia para una ejecución)</translation>
    </message>
    <message>
        <source>Size at which the log file is rotated</source>
        <translation>Tamaño al que se rota el archivo de registro</translation>
    </message>
    <message>
        <source>How many rotated log files are kept</source>
        <translation>Cuántos archivos de registro rotados se conservan</translation>
    </message>
    <message>
        <source>Cipher &apos;cocoonctl seal&apos; uses when --aead is not given</source>
        <translation>Cifrado que usa &apos;cocoonctl seal&apos; si no se indica --aead</translation>
    </message>
    <message>
        <source>Chunk size &apos;cocoonctl seal&apos; uses when --chunk-size is not given</source>
        <translation>Tamaño de bloque que usa &apos;cocoonctl seal&apos; si no se indica --chunk-size</translation>
    </message>
    <message>
        <source>When to work: always, only when you are idle, on the weekly schedule, or never</source>
        <translation>Cuándo trabajar: siempre, solo cuando estás inactivo, según el horario semanal o nunca</translation>
    </message>
    <message>
        <source>How long without keyboard or mouse input counts as idle</source>
        <translation>Cuánto tiempo sin teclado ni ratón cuenta como inactividad</translation>
    </message>
    <message>
        <source>Share of time to work while you use the computer (modes always and schedule; 0 pauses)</source>
        <translation>Parte del tiempo que trabaja mientras usas el ordenador (modos always y schedule; 0 pausa)</translation>
    </message>
    <message>
        <source>Share of time to work while you are idle</source>
        <translation>Parte del tiempo que trabaja mientras estás inactivo</translation>
    </message>
    <message>
        <source>Allowed hours in schedule mode, e.g. &quot;mon-fri 22-7; sat-sun 0-24&quot;</source>
        <translation>Horas permitidas en el modo horario, p. ej. &quot;mon-fri 22-7; sat-sun 0-24&quot;</translation>
    </message>
    <message>
        <source>Pause while a game or video runs full screen</source>
        <translation>Pausar mientras un juego o vídeo esté a pantalla completa</translation>
    </message>
    <message>
        <source>Pause while any of these programs runs (comma-separated process names)</source>
        <translation>Pausar mientras se ejecute alguno de estos programas (nombres de proceso separados por comas)</translation>
    </message>
    <message>
        <source>Pause when other programs use more of the GPU than this (100: never)</source>
        <translation>Pausar cuando otros programas usen más GPU que esto (100: nunca)</translation>
    </message>
    <message>
        <source>GPU memory always left free for you</source>
        <translation>Memoria de GPU que siempre queda libre para ti</translation>
    </message>
    <message>
        <source>Pause when the GPU is this hot</source>
        <translation>Pausar cuando la GPU alcance esta temperatura</translation>
    </message>
    <message>
        <source>After overheating, resume this many degrees below the limit</source>
        <translation>Tras sobrecalentarse, reanudar estos grados por debajo del límite</translation>
    </message>
    <message>
        <source>Slow down to keep the GPU&apos;s power draw under this (0: no cap)</source>
        <translation>Ir más despacio para mantener el consumo de la GPU por debajo de esto (0: sin límite)</translation>
    </message>
    <message>
        <source>Pause while on battery</source>
        <translation>Pausar con batería</translation>
    </message>
    <message>
        <source>When working on battery is allowed: pause below this charge</source>
        <translation>Si se permite trabajar con batería: pausar por debajo de esta carga</translation>
    </message>
    <message>
        <source>After a pause, resume only when the reasons have been gone this long</source>
        <translation>Tras una pausa, reanudar solo cuando los motivos hayan desaparecido durante este tiempo</translation>
    </message>
    <message>
        <source>While paused, keep a job&apos;s GPU memory this long for a quick resume, then give it back</source>
        <translation>En pausa, conservar la memoria de GPU de un trabajo este tiempo para reanudar rápido, y luego liberarla</translation>
    </message>
    <message>
        <source>How often keyboard/mouse activity and full-screen apps are checked</source>
        <translation>Con qué frecuencia se comprueban el teclado, el ratón y las aplicaciones a pantalla completa</translation>
    </message>
    <message>
        <source>Per-device limits, e.g. &quot;gpu0: dutyWhileIdle=50, temperatureCapC=75; cpu: mode=paused&quot;</source>
        <translation>Límites por dispositivo, p. ej. &quot;gpu0: dutyWhileIdle=50, temperatureCapC=75; cpu: mode=paused&quot;</translation>
    </message>
    <message>
        <source>How often GPU temperature, power, load and memory are read</source>
        <translation>Con qué frecuencia se leen la temperatura, la potencia, la carga y la memoria de la GPU</translation>
    </message>
    <message>
        <source>The coordinator to join (wss://HOST:PORT); empty: the local demo network</source>
        <translation>El coordinador al que unirse (wss://HOST:PORT); vacío: la red de demostración local</translation>
    </message>
    <message>
        <source>The coordinator&apos;s key pin (SHA-256, 64 hex digits); empty: trust the system&apos;s CAs</source>
        <translation>La huella de la clave del coordinador (SHA-256, 64 dígitos hexadecimales); vacío: confiar en las CA del sistema</translation>
    </message>
    <message>
        <source>Without a coordinator, join a local demo network (test TON) to see everything work</source>
        <translation>Sin coordinador, unirse a una red de demostración local (TON de prueba) para ver todo funcionando</translation>
    </message>
    <message>
        <source>Your TON payout address (any form); only the address is kept, never a recovery phrase</source>
        <translation>Tu dirección TON de cobro (cualquier forma); solo se guarda la dirección, nunca una frase de recuperación</translation>
    </message>
    <message>
        <source>The coordinator&apos;s payout wallet: incoming transfers from it count as paid earnings</source>
        <translation>La cartera de pagos del coordinador: sus transferencias entrantes cuentan como ganancias pagadas</translation>
    </message>
    <message>
        <source>How often the wallet&apos;s balance and payouts are read from the chain</source>
        <translation>Con qué frecuencia se leen de la cadena el saldo y los pagos de la cartera</translation>
    </message>
    <message>
        <source>The enrolment wizard has been completed (false: the desktop app shows it at start)</source>
        <translation>El asistente de alta se ha completado (false: la aplicación lo muestra al iniciar)</translation>
    </message>
    <message>
        <source>Closing the window keeps the app running in the system tray (when there is one)</source>
        <translation>Cerrar la ventana mantiene la aplicación en la bandeja del sistema (si existe)</translation>
    </message>
    <message>
        <source>Desktop notifications: paused for a game, payout received, errors</source>
        <translation>Notificaciones: pausa por un juego, pago recibido, errores</translation>
    </message>
    <message>
        <source>The language of the desktop app: the system&apos;s, English, Russian or Spanish</source>
        <translation>El idioma de la aplicación: el del sistema, inglés, ruso o español</translation>
    </message>
    <message>
        <source>&apos;%1&apos; is not a process name (letters, digits, spaces, . _ + -; up to 64)</source>
        <translation>«%1» no es un nombre de proceso (letras, dígitos, espacios, . _ + -; hasta 64)</translation>
    </message>
    <message>
        <source>&apos;%1&apos; is not a coordinator address such as wss://coordinator.example:7443</source>
        <translation>«%1» no es una dirección de coordinador como wss://coordinator.example:7443</translation>
    </message>
    <message>
        <source>a pin is the coordinator key&apos;s SHA-256: 64 hex digits</source>
        <translation>la huella es el SHA-256 de la clave del coordinador: 64 dígitos hexadecimales</translation>
    </message>
    <message>
        <source>&apos;%1&apos; is not an http(s) URL such as https://toncenter.com/api/v2/</source>
        <translation>«%1» no es una URL http(s) como https://toncenter.com/api/v2/</translation>
    </message>
    <message>
        <source>this program cannot check this setting</source>
        <translation>este programa no puede comprobar este ajuste</translation>
    </message>
    <message>
        <source>Folder of language models (GGUF files) this computer serves to AI jobs; empty: the models folder in the data directory</source>
        <translation>Carpeta de modelos de lenguaje (archivos GGUF) que este equipo sirve a las tareas de IA; vacía: la carpeta models del directorio de datos</translation>
    </message>
</context>
<context>
    <name>cocoon::app::DesktopShell</name>
    <message>
        <source>run the benchmark (File &gt; Set up again…) to see what this machine should earn a day.</source>
        <translation>ejecute la prueba de rendimiento (Archivo &gt; Configurar de nuevo…) para ver cuánto debería ganar esta máquina al día.</translation>
    </message>
    <message>
        <source>waiting for the coordinator&apos;s prices.</source>
        <translation>esperando los precios del coordinador.</translation>
    </message>
</context>
<context>
    <name>cocoon::attest::Preflight</name>
    <message>
        <source>CPU confidential VM (AMD SEV-SNP or Intel TDX)</source>
        <translation>VM confidencial de CPU (AMD SEV-SNP o Intel TDX)</translation>
    </message>
    <message>
        <source>%1 report obtained through %2 and verified.</source>
        <translation>Informe %1 obtenido mediante %2 y verificado.</translation>
    </message>
    <message>
        <source>No confidential-VM interface was found.</source>
        <translation>No se encontró ninguna interfaz de VM confidencial.</translation>
    </message>
    <message>
        <source>Run Cocoon Contributor inside a confidential VM: an AMD SEV-SNP guest (EPYC 7003 or newer) or an Intel TDX guest (Xeon 4th generation or newer), with Linux 6.7 or newer for configfs-tsm. Desktop PCs cannot do this; jobs still run sealed (end-to-end encrypted).</source>
        <translation>Ejecuta Cocoon Contributor dentro de una VM confidencial: un invitado AMD SEV-SNP (EPYC 7003 o posterior) o Intel TDX (Xeon de 4.ª generación o posterior), con Linux 6.7 o posterior para configfs-tsm. Los PC de escritorio no pueden; los trabajos se siguen ejecutando sellados (cifrados de extremo a extremo).</translation>
    </message>
    <message>
        <source>The guest&apos;s report could not be verified: update the host firmware (TCB) and the guest kernel, then start the app again.</source>
        <translation>No se pudo verificar el informe del invitado: actualiza el firmware del anfitrión (TCB) y el kernel del invitado, y vuelve a iniciar la aplicación.</translation>
    </message>
    <message>
        <source>NVIDIA GPU in confidential-computing mode</source>
        <translation>GPU NVIDIA en modo de computación confidencial</translation>
    </message>
    <message>
        <source>No NVIDIA GPU is offered, so its mode does not matter.</source>
        <translation>No se ofrece ninguna GPU NVIDIA, así que su modo no importa.</translation>
    </message>
    <message>
        <source>CC mode is on and every GPU&apos;s signed report verifies.</source>
        <translation>El modo CC está activado y el informe firmado de cada GPU se verifica.</translation>
    </message>
    <message>
        <source>CC mode is off.</source>
        <translation>El modo CC está desactivado.</translation>
    </message>
    <message>
        <source>Only Hopper and Blackwell data-centre GPUs (H100, H200, B200) have CC mode. On one, turn it on with &apos;nvidia-smi conf-compute -scc on&apos; and a reboot, inside a confidential VM. Consumer GPUs (GeForce) cannot: they earn the sealed tier.</source>
        <translation>Solo las GPU de centro de datos Hopper y Blackwell (H100, H200, B200) tienen modo CC. En una de ellas, actívalo con &apos;nvidia-smi conf-compute -scc on&apos; y un reinicio, dentro de una VM confidencial. Las GPU de consumo (GeForce) no pueden: obtienen el nivel sellado.</translation>
    </message>
    <message>
        <source>Privacy tier offered to job owners</source>
        <translation>Nivel de privacidad ofrecido a los dueños de los trabajos</translation>
    </message>
    <message>
        <source>Confidential: jobs run in memory this machine can prove is private.</source>
        <translation>Confidencial: los trabajos se ejecutan en memoria que esta máquina puede demostrar que es privada.</translation>
    </message>
    <message>
        <source>Sealed: jobs are encrypted end to end, but this machine cannot prove its memory is private.</source>
        <translation>Sellado: los trabajos están cifrados de extremo a extremo, pero esta máquina no puede demostrar que su memoria sea privada.</translation>
    </message>
    <message>
        <source>Nothing is required: this machine earns from every job that accepts the sealed tier; jobs that demand the confidential tier go only to machines that pass the checks above.</source>
        <translation>No hace falta nada: esta máquina gana con todos los trabajos que aceptan el nivel sellado; los que exigen el nivel confidencial van solo a máquinas que superan las comprobaciones anteriores.</translation>
    </message>
</context>
<context>
    <name>cocoon::control::RemoteScheduler</name>
    <message>
        <source>The background service is not answering (%1).</source>
        <translation>El servicio en segundo plano no responde (%1).</translation>
    </message>
    <message>
        <source>The background service did not take the change: %1</source>
        <translation>El servicio en segundo plano no aceptó el cambio: %1</translation>
    </message>
</context>
<context>
    <name>cocoon::sched::DeviceOverrides</name>
    <message>
        <source>&apos;%1&apos; has no device: write &quot;gpu0: key=value, ...&quot;</source>
        <translation>«%1» no indica dispositivo: escriba &quot;gpu0: key=value, ...&quot;</translation>
    </message>
    <message>
        <source>&apos;%1&apos; is not a device: use cpu, gpu0, gpu1, ... or a GPU UUID (GPU-…)</source>
        <translation>«%1» no es un dispositivo: use cpu, gpu0, gpu1, ... o el UUID de una GPU (GPU-…)</translation>
    </message>
    <message>
        <source>%1 is listed twice</source>
        <translation>%1 aparece dos veces</translation>
    </message>
    <message>
        <source>%1: &apos;%2&apos; cannot be set per device; allowed: %3</source>
        <translation>%1: «%2» no se puede ajustar por dispositivo; se permite: %3</translation>
    </message>
    <message>
        <source>%1: nothing to override</source>
        <translation>%1: nada que sustituir</translation>
    </message>
</context>
<context>
    <name>cocoon::sched::Policy</name>
    <message>
        <source>%1 min</source>
        <translation>%1 min</translation>
    </message>
    <message>
        <source>%1 s</source>
        <translation>%1 s</translation>
    </message>
    <message>
        <source>you paused it</source>
        <translation>lo pausaste tú</translation>
    </message>
    <message>
        <source>snoozed until %1</source>
        <translation>pospuesto hasta %1</translation>
    </message>
    <message>
        <source>the mode is set to paused</source>
        <translation>el modo está en pausa</translation>
    </message>
    <message>
        <source>outside the hours you allowed</source>
        <translation>fuera de las horas que permitiste</translation>
    </message>
    <message>
        <source>you are using the computer (waits until %1 without input)</source>
        <translation>estás usando el ordenador (espera hasta %1 sin actividad)</translation>
    </message>
    <message>
        <source>%1 is running full screen</source>
        <translation>%1 está a pantalla completa</translation>
    </message>
    <message>
        <source>other programs are using %1% of the GPU</source>
        <translation>otros programas usan el %1% de la GPU</translation>
    </message>
    <message>
        <source>the GPU memory you keep free for yourself is in use</source>
        <translation>la memoria de GPU que reservas para ti está en uso</translation>
    </message>
    <message>
        <source>the GPU is at %1 °C (limit %2 °C; resumes at %3 °C)</source>
        <translation>la GPU está a %1 °C (límite %2 °C; se reanuda a %3 °C)</translation>
    </message>
    <message>
        <source>the computer is on battery</source>
        <translation>el ordenador funciona con batería</translation>
    </message>
    <message>
        <source>the battery is at %1% (limit %2%)</source>
        <translation>la batería está al %1% (límite %2%)</translation>
    </message>
    <message>
        <source>resuming in %1 s</source>
        <translation>se reanuda en %1 s</translation>
    </message>
    <message>
        <source>%1 is running</source>
        <translation>%1 está en ejecución</translation>
    </message>
</context>
<context>
    <name>cocoon::sched::Schedule</name>
    <message>
        <source>&apos;%1&apos; is not &quot;DAYS FROM-TO&quot; (for example &quot;mon-fri 22-7&quot;)</source>
        <translation>«%1» no tiene la forma &quot;DÍAS DESDE-HASTA&quot; (por ejemplo &quot;mon-fri 22-7&quot;)</translation>
    </message>
    <message>
        <source>&apos;%1&apos;: hours go from 0 to 24</source>
        <translation>«%1»: las horas van de 0 a 24</translation>
    </message>
    <message>
        <source>&apos;%1&apos;: days are mon, tue, wed, thu, fri, sat, sun (or ranges like mon-fri)</source>
        <translation>«%1»: los días son mon, tue, wed, thu, fri, sat, sun (o rangos como mon-fri)</translation>
    </message>
</context>
<context>
    <name>cocoon::ui::ActivityPage</name>
    <message>
        <source>&lt;b&gt;Why it paused&lt;/b&gt; — every change of state, newest first</source>
        <translation>&lt;b&gt;Por qué se pausó&lt;/b&gt; — cada cambio de estado, el más reciente primero</translation>
    </message>
    <message>
        <source>Pause and resume history</source>
        <translation>Historial de pausas y reanudaciones</translation>
    </message>
    <message>
        <source>&lt;b&gt;Log&lt;/b&gt;</source>
        <translation>&lt;b&gt;Registro&lt;/b&gt;</translation>
    </message>
    <message>
        <source>Lowest level shown</source>
        <translation>Nivel mínimo mostrado</translation>
    </message>
    <message>
        <source>Debug and above</source>
        <translation>Depuración y superior</translation>
    </message>
    <message>
        <source>Info and above</source>
        <translation>Información y superior</translation>
    </message>
    <message>
        <source>Warnings and errors</source>
        <translation>Avisos y errores</translation>
    </message>
    <message>
        <source>Errors only</source>
        <translation>Solo errores</translation>
    </message>
    <message>
        <source>Subsystem shown</source>
        <translation>Subsistema mostrado</translation>
    </message>
    <message>
        <source>All subsystems</source>
        <translation>Todos los subsistemas</translation>
    </message>
    <message>
        <source>Filter text</source>
        <translation>Filtrar texto</translation>
    </message>
    <message>
        <source>Filter the log by text</source>
        <translation>Filtrar el registro por texto</translation>
    </message>
    <message>
        <source>Application log</source>
        <translation>Registro de la aplicación</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>Hora</translation>
    </message>
    <message>
        <source>Level</source>
        <translation>Nivel</translation>
    </message>
    <message>
        <source>Subsystem</source>
        <translation>Subsistema</translation>
    </message>
    <message>
        <source>Message</source>
        <translation>Mensaje</translation>
    </message>
    <message>
        <source>%1  %2 working at %3%</source>
        <translation>%1  %2 trabajando al %3%</translation>
    </message>
    <message>
        <source>%1  %2 paused: %3</source>
        <translation>%1  %2 en pausa: %3</translation>
    </message>
</context>
<context>
    <name>cocoon::ui::BenchmarkPage</name>
    <message>
        <source>A short benchmark</source>
        <translation>Una prueba de rendimiento breve</translation>
    </message>
    <message>
        <source>A real sealed job runs for a few seconds to measure how fast this machine works and how quickly it gets out of your way.</source>
        <translation>Un trabajo sellado real se ejecuta unos segundos para medir lo rápido que trabaja esta máquina y lo rápido que te deja paso.</translation>
    </message>
    <message>
        <source>&amp;Run the benchmark</source>
        <translation>&amp;Ejecutar la prueba</translation>
    </message>
    <message>
        <source>Benchmark progress</source>
        <translation>Progreso de la prueba</translation>
    </message>
    <message>
        <source>Running…</source>
        <translation>Ejecutando…</translation>
    </message>
    <message>
        <source>The benchmark failed: %1</source>
        <translation>La prueba falló: %1</translation>
    </message>
    <message>
        <source>&lt;b&gt;Score: %1&lt;/b&gt; (million probe operations per second, %2).</source>
        <translation>&lt;b&gt;Puntuación: %1&lt;/b&gt; (millones de operaciones de sondeo por segundo, %2).</translation>
    </message>
    <message>
        <source>Stops within %1 ms of you touching the mouse (typical %2 ms).</source>
        <translation>Se detiene en menos de %1 ms después de que toques el ratón (normalmente %2 ms).</translation>
    </message>
    <message>
        <source>You can skip this and run it later from File &gt; Set up again…</source>
        <translation>Puedes omitirlo y ejecutarlo más tarde desde Archivo &gt; Configurar de nuevo…</translation>
    </message>
    <message>
        <source>Working around the clock at the demo network&apos;s price (%1 nanoTON per unit), this machine would earn about %2 test TON a day; your schedule and a coordinator&apos;s prices change that, and the Dashboard compares the forecast with what you actually earn.</source>
        <translation>Trabajando las 24 horas al precio de la red de demostración (%1 nanoTON por unidad), esta máquina ganaría unos %2 TON de prueba al día; su horario y los precios de un coordinador lo cambian, y el Panel compara la previsión con lo que realmente gana.</translation>
    </message>
</context>
<context>
    <name>cocoon::ui::ConfirmPage</name>
    <message>
        <source>Confirm the phrase</source>
        <translation>Confirma la frase</translation>
    </message>
    <message>
        <source>Type three of the words to show they are written down. Then Cocoon forgets the phrase.</source>
        <translation>Escribe tres de las palabras para demostrar que las has anotado. Después Cocoon olvida la frase.</translation>
    </message>
    <message>
        <source>Word number %1</source>
        <translation>Palabra número %1</translation>
    </message>
    <message>
        <source>Word #%1</source>
        <translation>Palabra n.º %1</translation>
    </message>
    <message>
        <source>That does not match. Go back and check the words you wrote down.</source>
        <translation>No coincide. Vuelve atrás y revisa las palabras que anotaste.</translation>
    </message>
</context>
<context>
    <name>cocoon::ui::DashboardPage</name>
    <message>
        <source>Network: not connected yet.</source>
        <translation>Red: aún sin conexión.</translation>
    </message>
    <message>
        <source>Network connection</source>
        <translation>Conexión de red</translation>
    </message>
    <message>
        <source>Today: nothing earned yet.</source>
        <translation>Hoy: aún no se ha ganado nada.</translation>
    </message>
    <message>
        <source>Today&apos;s earnings</source>
        <translation>Ganancias de hoy</translation>
    </message>
    <message>
        <source>Stop latency: not measured yet (run the benchmark from the setup wizard).</source>
        <translation>Latencia de parada: aún sin medir (ejecuta la prueba desde el asistente de configuración).</translation>
    </message>
    <message>
        <source>Measured stop latency</source>
        <translation>Latencia de parada medida</translation>
    </message>
    <message>
        <source>Device %1</source>
        <translation>Dispositivo %1</translation>
    </message>
    <message>
        <source>Waiting for the scheduler…</source>
        <translation>Esperando al planificador…</translation>
    </message>
    <message>
        <source>State of %1</source>
        <translation>Estado de %1</translation>
    </message>
    <message>
        <source>No job</source>
        <translation>Sin trabajo</translation>
    </message>
    <message>
        <source>ours %</source>
        <translation>nuestro %</translation>
    </message>
    <message>
        <source>others %</source>
        <translation>otros %</translation>
    </message>
    <message>
        <source>Utilisation of %1 over the last 5 minutes</source>
        <translation>Uso de %1 en los últimos 5 minutos</translation>
    </message>
    <message>
        <source>&lt;b&gt;Paused&lt;/b&gt; — %1</source>
        <translation>&lt;b&gt;En pausa&lt;/b&gt; — %1</translation>
    </message>
    <message>
        <source>&lt;b&gt;Throttled&lt;/b&gt; — working %1% of the time so the computer stays responsive for you.</source>
        <translation>&lt;b&gt;Limitado&lt;/b&gt; — trabaja el %1% del tiempo para que el ordenador siga respondiendo.</translation>
    </message>
    <message>
        <source>&lt;b&gt;Running&lt;/b&gt; — at full speed.</source>
        <translation>&lt;b&gt;En marcha&lt;/b&gt; — a toda velocidad.</translation>
    </message>
    <message>
        <source>&lt;span style=&apos;background:#2e7d32;color:white&apos;&gt;&amp;nbsp;Confidential&amp;nbsp;&lt;/span&gt;</source>
        <translation>&lt;span style=&apos;background:#2e7d32;color:white&apos;&gt;&amp;nbsp;Confidencial&amp;nbsp;&lt;/span&gt;</translation>
    </message>
    <message>
        <source>&lt;span style=&apos;background:#8d6e00;color:white&apos;&gt;&amp;nbsp;Sealed&amp;nbsp;&lt;/span&gt;</source>
        <translation>&lt;span style=&apos;background:#8d6e00;color:white&apos;&gt;&amp;nbsp;Sellado&amp;nbsp;&lt;/span&gt;</translation>
    </message>
    <message>
        <source>Privacy tier: confidential</source>
        <translation>Nivel de privacidad: confidencial</translation>
    </message>
    <message>
        <source>Privacy tier: sealed, %1</source>
        <translation>Nivel de privacidad: sellado, %1</translation>
    </message>
    <message>
        <source>Job: %1, started %2</source>
        <translation>Trabajo: %1, iniciado a las %2</translation>
    </message>
    <message>
        <source>Stop latency: %1 ms typical, %2 ms worst of %3 (measured %4 on %5).</source>
        <translation>Latencia de parada: %1 ms habitual, %2 ms la peor de %3 (medida el %4 en %5).</translation>
    </message>
    <message>
        <source>ours %1%</source>
        <translation>nuestro %1%</translation>
    </message>
    <message>
        <source>ours –</source>
        <translation>nuestro –</translation>
    </message>
    <message>
        <source>others %1%</source>
        <translation>otros %1%</translation>
    </message>
    <message>
        <source>others –</source>
        <translation>otros –</translation>
    </message>
    <message>
        <source>%1 °C</source>
        <translation>%1 °C</translation>
    </message>
    <message>
        <source>%1 W</source>
        <translation>%1 W</translation>
    </message>
    <message>
        <source>VRAM %1 / %2 GiB</source>
        <translation>VRAM %1 / %2 GiB</translation>
    </message>
    <message numerus="yes">
        <source>Today: %1 %2 from %n job(s).</source>
        <translation>
            <numerusform>Hoy: %1 %2 de %n trabajo.</numerusform>
            <numerusform>Hoy: %1 %2 de %n trabajos.</numerusform>
        </translation>
    </message>
    <message>
        <source>test TON</source>
        <translation>TON de prueba</translation>
    </message>
    <message>
        <source>TON</source>
        <translation>TON</translation>
    </message>
    <message>
        <source>Forecast: run the benchmark (File &gt; Set up again…) to see what this machine should earn a day.</source>
        <translation>Previsión: ejecute la prueba de rendimiento (Archivo &gt; Configurar de nuevo…) para ver cuánto debería ganar esta máquina al día.</translation>
    </message>
    <message>
        <source>Earnings forecast</source>
        <translation>Previsión de ganancias</translation>
    </message>
    <message>
        <source>Forecast: %1</source>
        <translation>Previsión: %1</translation>
    </message>
    <message>
        <source>Forecast: about %1 %2 a day, from the benchmark&apos;s speed, the coordinator&apos;s price and the hours your schedule allows (if there is always work).</source>
        <translation>Previsión: unos %1 %2 al día, según la velocidad de la prueba, el precio del coordinador y las horas que permite su horario (si siempre hay trabajo).</translation>
    </message>
    <message>
        <source>Actually earned over the last %1 day(s): %2 %3 a day (%4% against the forecast).</source>
        <translation>Ganado realmente en los últimos %1 día(s): %2 %3 al día (%4% frente a la previsión).</translation>
    </message>
    <message>
        <source>What it actually earns is compared after an hour of work.</source>
        <translation>Lo que gana realmente se compara tras una hora de trabajo.</translation>
    </message>
</context>
<context>
    <name>cocoon::ui::DevicesPage</name>
    <message>
        <source>Your compute devices</source>
        <translation>Tus dispositivos de cómputo</translation>
    </message>
    <message>
        <source>Tick the devices Cocoon may use. Unticked ones are never touched.</source>
        <translation>Marca los dispositivos que Cocoon puede usar. Los no marcados nunca se tocan.</translation>
    </message>
    <message>
        <source>%1 — not usable: %2</source>
        <translation>%1 — no utilizable: %2</translation>
    </message>
    <message>
        <source>Use %1</source>
        <translation>Usar %1</translation>
    </message>
    <message>
        <source>No compute device was found.</source>
        <translation>No se encontró ningún dispositivo de cómputo.</translation>
    </message>
</context>
<context>
    <name>cocoon::ui::EarningsPage</name>
    <message>
        <source>Earned (%1)</source>
        <translation>Ganado (%1)</translation>
    </message>
    <message>
        <source>Jobs</source>
        <translation>Trabajos</translation>
    </message>
    <message>
        <source>Units</source>
        <translation>Unidades</translation>
    </message>
    <message>
        <source>Earned</source>
        <translation>Ganado</translation>
    </message>
    <message>
        <source>Period shown</source>
        <translation>Periodo mostrado</translation>
    </message>
    <message>
        <source>Export CSV…</source>
        <translation>Exportar CSV…</translation>
    </message>
    <message>
        <source>Export earnings</source>
        <translation>Exportar ganancias</translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation>Archivos CSV (*.csv)</translation>
    </message>
    <message>
        <source>Saved %1.</source>
        <translation>Guardado %1.</translation>
    </message>
    <message>
        <source>Earnings chart</source>
        <translation>Gráfico de ganancias</translation>
    </message>
    <message>
        <source>Kernel</source>
        <translation>Kernel</translation>
    </message>
    <message>
        <source>Earnings per kernel</source>
        <translation>Ganancias por kernel</translation>
    </message>
    <message>
        <source>Device</source>
        <translation>Dispositivo</translation>
    </message>
    <message>
        <source>Earnings per device</source>
        <translation>Ganancias por dispositivo</translation>
    </message>
    <message>
        <source>test TON</source>
        <translation>TON de prueba</translation>
    </message>
    <message>
        <source>TON</source>
        <translation>TON</translation>
    </message>
    <message>
        <source>Earnings cannot be shown: the ledger could not be opened (the log says why).</source>
        <translation>No se pueden mostrar las ganancias: no se pudo abrir el libro de cuentas (el registro dice por qué).</translation>
    </message>
    <message>
        <source>Demo network: these are test TON, not money. Join a real coordinator in the settings to earn TON.</source>
        <translation>Red de demostración: son TON de prueba, no dinero. Únete a un coordinador real en los ajustes para ganar TON.</translation>
    </message>
    <message>
        <source>Pending %1 · Credited %2 · Paid %3 %4 (all time; pending = work done that no signed statement covers yet)</source>
        <translation>Pendiente %1 · Acreditado %2 · Pagado %3 %4 (desde siempre; pendiente = trabajo hecho que aún no cubre ningún extracto firmado)</translation>
    </message>
    <message numerus="yes">
        <source>Warning: a coordinator presented a lower total than it had signed before (%n time(s)); the higher statement is kept as proof.</source>
        <translation>
            <numerusform>Aviso: un coordinador presentó un total menor que el que había firmado antes (%n vez); se conserva el extracto más alto como prueba.</numerusform>
            <numerusform>Aviso: un coordinador presentó un total menor que el que había firmado antes (%n veces); se conserva el extracto más alto como prueba.</numerusform>
        </translation>
    </message>
    <message>
        <source>Credited</source>
        <translation>Acreditado</translation>
    </message>
    <message>
        <source>Paid</source>
        <translation>Pagado</translation>
    </message>
    <message>
        <source>Earned, cumulative</source>
        <translation>Ganado, acumulado</translation>
    </message>
    <message>
        <source>Credited, cumulative</source>
        <translation>Acreditado, acumulado</translation>
    </message>
    <message>
        <source>Paid, cumulative</source>
        <translation>Pagado, acumulado</translation>
    </message>
    <message>
        <source>no jobs yet</source>
        <translation>aún no hay trabajos</translation>
    </message>
    <message>
        <source>per period (%1)</source>
        <translation>por periodo (%1)</translation>
    </message>
    <message>
        <source>cumulative (%1)</source>
        <translation>acumulado (%1)</translation>
    </message>
    <message>
        <source>%1 — %2</source>
        <translation>%1 — %2</translation>
    </message>
    <message>
        <source>Nothing to export: the ledger is not open.</source>
        <translation>Nada que exportar: el libro de cuentas no está abierto.</translation>
    </message>
    <message>
        <source>Could not write %1: %2</source>
        <translation>No se pudo escribir %1: %2</translation>
    </message>
    <message>
        <source>Last 7 days, by day</source>
        <translation>Últimos 7 días, por día</translation>
    </message>
    <message>
        <source>Last 30 days, by day</source>
        <translation>Últimos 30 días, por día</translation>
    </message>
    <message>
        <source>Last 26 weeks, by week</source>
        <translation>Últimas 26 semanas, por semana</translation>
    </message>
    <message>
        <source>Last 12 months, by month</source>
        <translation>Últimos 12 meses, por mes</translation>
    </message>
</context>
<context>
    <name>cocoon::ui::EnrolWizard</name>
    <message>
        <source>Set up Cocoon Contributor</source>
        <translation>Configurar Cocoon Contributor</translation>
    </message>
    <message>
        <source>Welcome</source>
        <translation>Bienvenida</translation>
    </message>
    <message>
        <source>&lt;p&gt;Cocoon Contributor puts this computer&apos;s idle GPU (and CPU) to work for the Cocoon network and pays you in TON.&lt;/p&gt;&lt;p&gt;Jobs arrive encrypted end to end; only approved kernels run; the app steps aside the moment you need the machine. The next pages check your hardware, measure it, and ask where to pay you.&lt;/p&gt;</source>
        <translation>&lt;p&gt;Cocoon Contributor pone a trabajar la GPU (y la CPU) inactiva de este ordenador para la red Cocoon y te paga en TON.&lt;/p&gt;&lt;p&gt;Los trabajos llegan cifrados de extremo a extremo; solo se ejecutan kernels aprobados; la aplicación se aparta en cuanto necesitas la máquina. Las páginas siguientes comprueban tu hardware, lo miden y te preguntan dónde pagarte.&lt;/p&gt;</translation>
    </message>
    <message>
        <source>Confidential computing</source>
        <translation>Computación confidencial</translation>
    </message>
    <message>
        <source>What this machine can prove about the privacy of the jobs it runs.</source>
        <translation>Lo que esta máquina puede demostrar sobre la privacidad de los trabajos que ejecuta.</translation>
    </message>
    <message>
        <source>What to do: %1</source>
        <translation>Qué hacer: %1</translation>
    </message>
</context>
<context>
    <name>cocoon::ui::JobsPage</name>
    <message>
        <source>Last 24 hours</source>
        <translation>Últimas 24 horas</translation>
    </message>
    <message>
        <source>Last 7 days</source>
        <translation>Últimos 7 días</translation>
    </message>
    <message>
        <source>Last 30 days</source>
        <translation>Últimos 30 días</translation>
    </message>
    <message>
        <source>All time</source>
        <translation>Desde siempre</translation>
    </message>
    <message>
        <source>Period</source>
        <translation>Periodo</translation>
    </message>
    <message>
        <source>Kernel</source>
        <translation>Kernel</translation>
    </message>
    <message>
        <source>Search job id, device, kernel</source>
        <translation>Buscar id de trabajo, dispositivo, kernel</translation>
    </message>
    <message>
        <source>Search</source>
        <translation>Buscar</translation>
    </message>
    <message>
        <source>Verify receipt</source>
        <translation>Verificar recibo</translation>
    </message>
    <message>
        <source>Jobs and their receipts</source>
        <translation>Trabajos y sus recibos</translation>
    </message>
    <message>
        <source>Select a job first.</source>
        <translation>Selecciona primero un trabajo.</translation>
    </message>
    <message>
        <source>All kernels</source>
        <translation>Todos los kernels</translation>
    </message>
    <message>
        <source>No such job.</source>
        <translation>No existe ese trabajo.</translation>
    </message>
    <message>
        <source>This receipt does NOT verify: %1</source>
        <translation>Este recibo NO se verifica: %1</translation>
    </message>
    <message>
        <source>Signature valid. Node %1 ran job %2 (%3 on %4): %5 units for %6 TON; it covers manifest %7…, sealed input %8… and sealed output %9….</source>
        <translation>Firma válida. El nodo %1 ejecutó el trabajo %2 (%3 en %4): %5 unidades por %6 TON; cubre el manifiesto %7…, la entrada sellada %8… y la salida sellada %9….</translation>
    </message>
</context>
<context>
    <name>cocoon::ui::Language</name>
    <message>
        <source>System default</source>
        <translation>El del sistema</translation>
    </message>
</context>
<context>
    <name>cocoon::ui::LimitsEditor</name>
    <message>
        <source>When to work</source>
        <translation>Cuándo trabajar</translation>
    </message>
    <message>
        <source>Mode</source>
        <translation>Modo</translation>
    </message>
    <message>
        <source>Weekly schedule (mode &quot;schedule&quot;): click an hour, or select hours and use the buttons; green hours are allowed.</source>
        <translation>Horario semanal (modo &quot;schedule&quot;): haz clic en una hora, o selecciona varias y usa los botones; las horas verdes están permitidas.</translation>
    </message>
    <message>
        <source>&amp;Allow selected hours</source>
        <translation>&amp;Permitir las horas seleccionadas</translation>
    </message>
    <message>
        <source>&amp;Block selected hours</source>
        <translation>&amp;Bloquear las horas seleccionadas</translation>
    </message>
    <message>
        <source>Games and other programs</source>
        <translation>Juegos y otros programas</translation>
    </message>
    <message>
        <source>&amp;Pick from running programs…</source>
        <translation>&amp;Elegir entre los programas en ejecución…</translation>
    </message>
    <message>
        <source>GPU temperature, power and memory</source>
        <translation>Temperatura, potencia y memoria de la GPU</translation>
    </message>
    <message>
        <source>Battery</source>
        <translation>Batería</translation>
    </message>
    <message>
        <source>Per-device overrides</source>
        <translation>Ajustes por dispositivo</translation>
    </message>
    <message>
        <source>Devices on this machine: %1. Keys: mode, dutyWhileIdle, dutyWhileActive, temperatureCapC, powerCapW, reserveVramMiB, maxOtherGpuPercent.</source>
        <translation>Dispositivos de esta máquina: %1. Claves: mode, dutyWhileIdle, dutyWhileActive, temperatureCapC, powerCapW, reserveVramMiB, maxOtherGpuPercent.</translation>
    </message>
    <message>
        <source>&amp;Apply</source>
        <translation>&amp;Aplicar</translation>
    </message>
    <message>
        <source>Re&amp;vert</source>
        <translation>&amp;Revertir</translation>
    </message>
    <message>
        <source>Not accepted: %1</source>
        <translation>No aceptado: %1</translation>
    </message>
    <message>
        <source>Fix the fields marked in red to apply.</source>
        <translation>Corrige los campos marcados en rojo para aplicar.</translation>
    </message>
    <message>
        <source>Changes not applied yet.</source>
        <translation>Cambios aún sin aplicar.</translation>
    </message>
    <message>
        <source>Nothing was applied: fix the fields marked in red.</source>
        <translation>No se aplicó nada: corrige los campos marcados en rojo.</translation>
    </message>
    <message>
        <source>Could not save %1: %2</source>
        <translation>No se pudo guardar %1: %2</translation>
    </message>
    <message>
        <source>Nothing to apply.</source>
        <translation>Nada que aplicar.</translation>
    </message>
    <message numerus="yes">
        <source>Applied %n change(s); in effect now.</source>
        <translation>
            <numerusform>Se aplicó %n cambio; ya está en vigor.</numerusform>
            <numerusform>Se aplicaron %n cambios; ya están en vigor.</numerusform>
        </translation>
    </message>
    <message>
        <source>Pause while these programs run</source>
        <translation>Pausar mientras se ejecuten estos programas</translation>
    </message>
    <message>
        <source>Tick the programs (games, editors, renderers) that need the GPU to themselves.</source>
        <translation>Marca los programas (juegos, editores, renderizadores) que necesitan la GPU para ellos solos.</translation>
    </message>
    <message>
        <source>Running programs</source>
        <translation>Programas en ejecución</translation>
    </message>
    <message>
        <source>The running programs could not be read yet; type names instead.</source>
        <translation>Aún no se pudieron leer los programas en ejecución; escribe los nombres.</translation>
    </message>
</context>
<context>
    <name>cocoon::ui::LimitsPage</name>
    <message>
        <source>When may Cocoon work?</source>
        <translation>¿Cuándo puede trabajar Cocoon?</translation>
    </message>
    <message>
        <source>Pick a starting point; every limit can be changed later on the Limits page.</source>
        <translation>Elige un punto de partida; cada límite se puede cambiar después en la página Límites.</translation>
    </message>
    <message>
        <source>&amp;Gamer</source>
        <translation>&amp;Jugador</translation>
    </message>
    <message>
        <source>Only when you have been away for 3 minutes; never while a game or video is full screen; stops at once when you come back.</source>
        <translation>Solo cuando llevas 3 minutos ausente; nunca con un juego o vídeo a pantalla completa; se detiene en cuanto vuelves.</translation>
    </message>
    <message>
        <source>&amp;Balanced</source>
        <translation>&amp;Equilibrado</translation>
    </message>
    <message>
        <source>A gentle 30% while you use the computer, everything while you are away; pauses for full-screen apps.</source>
        <translation>Un suave 30% mientras usas el ordenador y todo mientras no estás; pausa con aplicaciones a pantalla completa.</translation>
    </message>
    <message>
        <source>&amp;Maximum</source>
        <translation>&amp;Máximo</translation>
    </message>
    <message>
        <source>All the time at full speed (a dedicated rig). Temperature and power caps still apply.</source>
        <translation>Todo el tiempo a toda velocidad (un equipo dedicado). Los límites de temperatura y potencia siguen vigentes.</translation>
    </message>
</context>
<context>
    <name>cocoon::ui::NetworkPage</name>
    <message>
        <source>Which network?</source>
        <translation>¿Qué red?</translation>
    </message>
    <message>
        <source>Try everything on a local demo network first, or join a coordinator.</source>
        <translation>Prueba todo primero en una red de demostración local o únete a un coordinador.</translation>
    </message>
    <message>
        <source>The local &amp;demo network (test TON, nothing leaves this computer)</source>
        <translation>La red de &amp;demostración local (TON de prueba, nada sale de este ordenador)</translation>
    </message>
    <message>
        <source>&amp;Join a coordinator</source>
        <translation>&amp;Unirse a un coordinador</translation>
    </message>
    <message>
        <source>Coordinator address</source>
        <translation>Dirección del coordinador</translation>
    </message>
    <message>
        <source>64 hex digits (optional: without it the system&apos;s CAs are trusted)</source>
        <translation>64 dígitos hexadecimales (opcional: sin ella se confía en las CA del sistema)</translation>
    </message>
    <message>
        <source>Coordinator key pin</source>
        <translation>Huella de la clave del coordinador</translation>
    </message>
    <message>
        <source>Address:</source>
        <translation>Dirección:</translation>
    </message>
    <message>
        <source>Key pin:</source>
        <translation>Huella de la clave:</translation>
    </message>
    <message>
        <source>Enter the coordinator&apos;s address.</source>
        <translation>Introduce la dirección del coordinador.</translation>
    </message>
</context>
<context>
    <name>cocoon::ui::PhrasePage</name>
    <message>
        <source>Your new wallet&apos;s recovery phrase</source>
        <translation>La frase de recuperación de tu nueva cartera</translation>
    </message>
    <message>
        <source>Write these 24 words on paper, in order. Anyone who has them can take your TON; no one can recover them for you. They are shown only now.</source>
        <translation>Escribe estas 24 palabras en papel, en orden. Quien las tenga puede llevarse tus TON; nadie puede recuperarlas por ti. Solo se muestran ahora.</translation>
    </message>
    <message>
        <source>I have &amp;written the 24 words down</source>
        <translation>He &amp;anotado las 24 palabras</translation>
    </message>
</context>
<context>
    <name>cocoon::ui::ReceiptsModel</name>
    <message>
        <source>acknowledged</source>
        <translation>confirmado</translation>
    </message>
    <message>
        <source>awaiting acknowledgement</source>
        <translation>pendiente de confirmación</translation>
    </message>
    <message>
        <source>Finished</source>
        <translation>Terminado</translation>
    </message>
    <message>
        <source>Kernel</source>
        <translation>Kernel</translation>
    </message>
    <message>
        <source>Device</source>
        <translation>Dispositivo</translation>
    </message>
    <message>
        <source>Units</source>
        <translation>Unidades</translation>
    </message>
    <message>
        <source>Price (TON)</source>
        <translation>Precio (TON)</translation>
    </message>
    <message>
        <source>Coordinator</source>
        <translation>Coordinador</translation>
    </message>
    <message>
        <source>Job</source>
        <translation>Trabajo</translation>
    </message>
    <message>
        <source>The coordinator refused to credit this result: %1</source>
        <translation>El coordinador se negó a abonar este resultado: %1</translation>
    </message>
    <message>
        <source>refused, not earned: %1</source>
        <translation>rechazado, no ganado: %1</translation>
    </message>
</context>
<context>
    <name>cocoon::ui::ScheduleGrid</name>
    <message>
        <source>Weekly schedule: the hours work is allowed</source>
        <translation>Horario semanal: las horas en que se permite trabajar</translation>
    </message>
    <message>
        <source>%1 %2:00, allowed</source>
        <translation>%1 %2:00, permitido</translation>
    </message>
    <message>
        <source>%1 %2:00, not allowed</source>
        <translation>%1 %2:00, no permitido</translation>
    </message>
</context>
<context>
    <name>cocoon::ui::Tray</name>
    <message>
        <source>&amp;Open Cocoon Contributor</source>
        <translation>&amp;Abrir Cocoon Contributor</translation>
    </message>
    <message>
        <source>&amp;Pause</source>
        <translation>&amp;Pausar</translation>
    </message>
    <message>
        <source>&amp;Resume</source>
        <translation>&amp;Reanudar</translation>
    </message>
    <message>
        <source>&amp;Snooze</source>
        <translation>Pos&amp;poner</translation>
    </message>
    <message>
        <source>For 15 minutes</source>
        <translation>15 minutos</translation>
    </message>
    <message>
        <source>For 1 hour</source>
        <translation>1 hora</translation>
    </message>
    <message>
        <source>Until tomorrow</source>
        <translation>Hasta mañana</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Salir</translation>
    </message>
    <message>
        <source>Cocoon Contributor: working</source>
        <translation>Cocoon Contributor: trabajando</translation>
    </message>
    <message>
        <source>Cocoon Contributor: working gently (%1)</source>
        <translation>Cocoon Contributor: trabajando con suavidad (%1)</translation>
    </message>
    <message>
        <source>Cocoon Contributor: paused — %1</source>
        <translation>Cocoon Contributor: en pausa — %1</translation>
    </message>
    <message>
        <source>Cocoon Contributor: %1</source>
        <translation>Cocoon Contributor: %1</translation>
    </message>
    <message>
        <source>%1% of the time</source>
        <translation>el %1% del tiempo</translation>
    </message>
    <message>
        <source>Paused for you</source>
        <translation>En pausa por ti</translation>
    </message>
    <message>
        <source>Payout received</source>
        <translation>Pago recibido</translation>
    </message>
    <message>
        <source>%1 test TON arrived in your wallet.</source>
        <translation>Han llegado %1 TON de prueba a tu cartera.</translation>
    </message>
    <message>
        <source>%1 TON arrived in your wallet.</source>
        <translation>Han llegado %1 TON a tu cartera.</translation>
    </message>
    <message>
        <source>Cocoon Contributor needs attention</source>
        <translation>Cocoon Contributor necesita tu atención</translation>
    </message>
</context>
<context>
    <name>cocoon::ui::WalletPage</name>
    <message numerus="yes">
        <source>%n second(s) ago</source>
        <translation>
            <numerusform>hace %n segundo</numerusform>
            <numerusform>hace %n segundos</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n minute(s) ago</source>
        <translation>
            <numerusform>hace %n minuto</numerusform>
            <numerusform>hace %n minutos</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n hour(s) ago</source>
        <translation>
            <numerusform>hace %n hora</numerusform>
            <numerusform>hace %n horas</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n day(s) ago</source>
        <translation>
            <numerusform>hace %n día</numerusform>
            <numerusform>hace %n días</numerusform>
        </translation>
    </message>
    <message>
        <source>QR code of the payout address</source>
        <translation>Código QR de la dirección de cobro</translation>
    </message>
    <message>
        <source>Copy address</source>
        <translation>Copiar dirección</translation>
    </message>
    <message>
        <source>When</source>
        <translation>Cuándo</translation>
    </message>
    <message>
        <source>Amount</source>
        <translation>Importe</translation>
    </message>
    <message>
        <source>Fee</source>
        <translation>Comisión</translation>
    </message>
    <message>
        <source>Comment</source>
        <translation>Comentario</translation>
    </message>
    <message>
        <source>Payouts seen on chain</source>
        <translation>Pagos vistos en la cadena</translation>
    </message>
    <message>
        <source>Payout address: %1</source>
        <translation>Dirección de cobro: %1</translation>
    </message>
    <message>
        <source>Balance: not read yet.</source>
        <translation>Saldo: aún sin leer.</translation>
    </message>
    <message>
        <source>Balance: unknown — %1</source>
        <translation>Saldo: desconocido — %1</translation>
    </message>
    <message>
        <source>Balance %1 TON (%2, read %3)</source>
        <translation>Saldo %1 TON (%2, leído %3)</translation>
    </message>
    <message>
        <source>The chain cannot be reached now (%1); this is the last reading.</source>
        <translation>No se puede acceder a la cadena ahora (%1); esta es la última lectura.</translation>
    </message>
    <message>
        <source>The ledger is not open: payouts and credits cannot be reconciled.</source>
        <translation>El libro de cuentas no está abierto: no se pueden conciliar pagos y créditos.</translation>
    </message>
    <message>
        <source>Credited by coordinators (signed): %1 TON · Paid on chain: %2 TON · </source>
        <translation>Acreditado por los coordinadores (firmado): %1 TON · Pagado en la cadena: %2 TON · </translation>
    </message>
    <message>
        <source>Awaiting payout: %1 TON</source>
        <translation>Pendiente de pago: %1 TON</translation>
    </message>
    <message>
        <source>Paid %1 TON more than credited</source>
        <translation>Pagado %1 TON más de lo acreditado</translation>
    </message>
    <message>
        <source>Last payout %1 TON, %2</source>
        <translation>Último pago %1 TON, %2</translation>
    </message>
    <message>
        <source>No payout address yet. Choose File &gt; Set up again… to paste one or create a wallet; only the address is needed to earn.</source>
        <translation>Aún no hay dirección de cobro. Elige Archivo &gt; Configurar de nuevo… para pegar una o crear una cartera; solo hace falta la dirección para ganar.</translation>
    </message>
    <message>
        <source>The coordinator reports %1 TON paid; %2 TON of it has not been seen on chain yet.</source>
        <translation>El coordinador informa de %1 TON pagados; %2 TON de ellos aún no se ven en la cadena.</translation>
    </message>
    <message>
        <source>Overdue: %1 TON has been above the coordinator&apos;s payout threshold (%2 TON) since %3 and has not arrived.</source>
        <translation>Atrasado: %1 TON superan el umbral de pago del coordinador (%2 TON) desde %3 y no han llegado.</translation>
    </message>
    <message>
        <source>Demo network: test TON, not money. They are paid out on an emulated TON chain when it runs here (Node.js and make deps); the balance above is your real wallet&apos;s.</source>
        <translation>Red de demostración: TON de prueba, no dinero. Se pagan en una cadena TON emulada cuando se ejecuta aquí (Node.js y make deps); el saldo de arriba es el de su monedero real.</translation>
    </message>
</context>
<context>
    <name>cocoon::ui::WalletPageW</name>
    <message>
        <source>Where should your earnings go?</source>
        <translation>¿Adónde deben ir tus ganancias?</translation>
    </message>
    <message>
        <source>Earnings are paid in TON to a wallet you own. Cocoon keeps only its address.</source>
        <translation>Las ganancias se pagan en TON a una cartera tuya. Cocoon solo guarda su dirección.</translation>
    </message>
    <message>
        <source>I have a TON wallet: &amp;paste its address</source>
        <translation>Tengo una cartera TON: &amp;pegar su dirección</translation>
    </message>
    <message>
        <source>&amp;Create a new wallet for me</source>
        <translation>&amp;Crear una cartera nueva para mí</translation>
    </message>
    <message>
        <source>UQ… or EQ… or 0:…</source>
        <translation>UQ… o EQ… o 0:…</translation>
    </message>
    <message>
        <source>Payout address</source>
        <translation>Dirección de cobro</translation>
    </message>
    <message>
        <source>You will see 24 words once. Write them on paper: they are the only way to spend what arrives. Cocoon forgets them as soon as you have confirmed them.</source>
        <translation>Verás 24 palabras una sola vez. Escríbelas en papel: son la única forma de gastar lo que llegue. Cocoon las olvida en cuanto las confirmas.</translation>
    </message>
    <message>
        <source>Paste the address from your wallet app (Tonkeeper, MyTonWallet, …).</source>
        <translation>Pega la dirección desde tu aplicación de cartera (Tonkeeper, MyTonWallet, …).</translation>
    </message>
    <message>
        <source>Not a TON address: %1</source>
        <translation>No es una dirección TON: %1</translation>
    </message>
    <message>
        <source>This is a testnet address; earnings are paid on the main network.</source>
        <translation>Es una dirección de testnet; las ganancias se pagan en la red principal.</translation>
    </message>
    <message>
        <source>✔ A valid address (workchain %1).</source>
        <translation>✔ Una dirección válida (workchain %1).</translation>
    </message>
</context>
<context>
    <name>cocoon::wallet::Address</name>
    <message>
        <source>invalid TON address: %1</source>
        <translation>dirección TON no válida: %1</translation>
    </message>
    <message>
        <source>the workchain before &apos;:&apos; must be a number (0 or -1), not &apos;%1&apos;</source>
        <translation>la workchain antes de «:» debe ser un número (0 o -1), no «%1»</translation>
    </message>
    <message>
        <source>workchain %1 does not exist; TON has 0 (basechain) and -1 (masterchain)</source>
        <translation>la workchain %1 no existe; TON tiene 0 (basechain) y -1 (masterchain)</translation>
    </message>
    <message>
        <source>&apos;%1&apos; at position %2 is not a hex digit</source>
        <translation>«%1» en la posición %2 no es un dígito hexadecimal</translation>
    </message>
    <message>
        <source>the account id after &apos;:&apos; must be 64 hex digits, not %1</source>
        <translation>el identificador de cuenta tras «:» debe tener 64 dígitos hexadecimales, no %1</translation>
    </message>
    <message>
        <source>&apos;%1&apos; at position %2 is neither base64 nor base64url</source>
        <translation>«%1» en la posición %2 no es base64 ni base64url</translation>
    </message>
    <message>
        <source>a user-friendly address has 48 characters, this one has %1</source>
        <translation>una dirección legible tiene 48 caracteres; esta tiene %1</translation>
    </message>
    <message>
        <source>the text does not decode as base64</source>
        <translation>el texto no se decodifica como base64</translation>
    </message>
    <message>
        <source>the checksum does not match; a character was probably mistyped or lost</source>
        <translation>la suma de comprobación no coincide; probablemente se escribió mal o se perdió un carácter</translation>
    </message>
    <message>
        <source>unknown flags 0x%1</source>
        <translation>indicadores desconocidos 0x%1</translation>
    </message>
    <message>
        <source>the address is empty</source>
        <translation>la dirección está vacía</translation>
    </message>
</context>
</TS>

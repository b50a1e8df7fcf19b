<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ru_RU">
<context>
    <name>Contributor</name>
    <message>
        <source>no display found (DISPLAY and WAYLAND_DISPLAY are not set)</source>
        <translation>дисплей не найден (DISPLAY и WAYLAND_DISPLAY не заданы)</translation>
    </message>
    <message>
        <source> (%1 GiB, compute %2.%3)</source>
        <translation> (%1 ГиБ, compute %2.%3)</translation>
    </message>
    <message>
        <source>NVIDIA GPU</source>
        <translation>Видеокарта NVIDIA</translation>
    </message>
    <message>
        <source>the display could not be opened</source>
        <translation>не удалось открыть дисплей</translation>
    </message>
    <message>
        <source>Cocoon Contributor: put an idle GPU to work in the Cocoon confidential-computing network.</source>
        <translation>Cocoon Contributor: отдайте простаивающую видеокарту сети конфиденциальных вычислений Cocoon.</translation>
    </message>
    <message>
        <source>Run without a window (for servers and rigs).</source>
        <translation>Работать без окна (для серверов и ферм).</translation>
    </message>
    <message>
        <source>Join this coordinator (wss://HOST:PORT; default: the net.coordinator setting).</source>
        <translation>Подключиться к этому координатору (wss://HOST:PORT; по умолчанию — настройка net.coordinator).</translation>
    </message>
    <message>
        <source>Without a coordinator, do not join the local demo network (see the net.demo setting).</source>
        <translation>Без координатора не подключаться к локальной демо-сети (см. настройку net.demo).</translation>
    </message>
    <message>
        <source>Save every page of the window as a PNG (1280x800) into &lt;dir&gt; once the demo network has done a few jobs, then quit (tests, documentation).</source>
        <translation>Сохранить каждую страницу окна как PNG (1280x800) в &lt;dir&gt;, когда демо-сеть выполнит несколько заданий, и выйти (тесты, документация).</translation>
    </message>
    <message>
        <source>The coordinator&apos;s key pin, 64 hex digits (default: the net.pin setting).</source>
        <translation>Отпечаток ключа координатора, 64 шестнадцатеричные цифры (по умолчанию — настройка net.pin).</translation>
    </message>
    <message>
        <source>Cocoon Contributor is already running; its window has been brought to the front.</source>
        <translation>Cocoon Contributor уже запущен; его окно выведено на передний план.</translation>
    </message>
    <message>
        <source>cocoon-contributor: %1; running headless.</source>
        <translation>cocoon-contributor: %1; работа без окна.</translation>
    </message>
    <message>
        <source>Payout received: wallet balance is now %1 TON.</source>
        <translation>Получена выплата: баланс кошелька теперь %1 TON.</translation>
    </message>
    <message>
        <source>Warning: %1</source>
        <translation>Предупреждение: %1</translation>
    </message>
    <message>
        <source>Cocoon Contributor %1 is running headless (data in %2). Stop with Ctrl+C.</source>
        <translation>Cocoon Contributor %1 работает без окна (данные в %2). Остановка — Ctrl+C.</translation>
    </message>
    <message>
        <source>Privacy tier: confidential.</source>
        <translation>Уровень приватности: конфиденциальный.</translation>
    </message>
    <message>
        <source>Privacy tier: sealed (%1).</source>
        <translation>Уровень приватности: запечатанный (%1).</translation>
    </message>
    <message>
        <source>First run: showing the setup wizard (File &gt; Set up again… reopens it).</source>
        <translation>Первый запуск: открыт мастер настройки (Файл &gt; Настроить заново… открывает его снова).</translation>
    </message>
    <message>
        <source>Start at login could not be changed: %1</source>
        <translation>Не удалось изменить автозапуск: %1</translation>
    </message>
    <message>
        <source>Cocoon Contributor will start when you log in (%1).</source>
        <translation>Cocoon Contributor будет запускаться при входе в систему (%1).</translation>
    </message>
    <message>
        <source>Cocoon Contributor will no longer start at login.</source>
        <translation>Cocoon Contributor больше не будет запускаться при входе в систему.</translation>
    </message>
    <message>
        <source>Set up again. The new network is joined at the next start; limits apply now.</source>
        <translation>Настройка обновлена. К новой сети приложение подключится при следующем запуске; ограничения действуют сразу.</translation>
    </message>
    <message>
        <source>The setup could not be saved: %1</source>
        <translation>Не удалось сохранить настройку: %1</translation>
    </message>
    <message>
        <source>Cocoon Contributor %1 is running (data in %2).</source>
        <translation>Cocoon Contributor %1 запущен (данные в %2).</translation>
    </message>
    <message>
        <source>not started</source>
        <translation>не запущена</translation>
    </message>
    <message>
        <source>Connected to %1; contributing.</source>
        <translation>Подключено к: %1; идёт работа.</translation>
    </message>
    <message>
        <source>Lost %1 (%2); reconnecting.</source>
        <translation>Потеряно соединение: %1 (%2); переподключение.</translation>
    </message>
    <message>
        <source>%1 was refused: %2</source>
        <translation>%1: отказ — %2</translation>
    </message>
    <message>
        <source>WARNING: %1</source>
        <translation>ВНИМАНИЕ: %1</translation>
    </message>
    <message>
        <source>the coordinator at %1</source>
        <translation>координатор %1</translation>
    </message>
    <message>
        <source>No coordinator is configured (--coordinator, or the net.coordinator setting), so nothing is being contributed.</source>
        <translation>Координатор не задан (--coordinator или настройка net.coordinator), поэтому работа не выполняется.</translation>
    </message>
    <message>
        <source>The demo network could not start: %1</source>
        <translation>Не удалось запустить демо-сеть: %1</translation>
    </message>
    <message>
        <source>Starting the local demo network (test TON, no account, no internet)...</source>
        <translation>Запуск локальной демо-сети (тестовые TON, без учётной записи и интернета)...</translation>
    </message>
    <message>
        <source>Demo network: %1 done (%2 units, %3 test TON); %4 test TON credited so far.</source>
        <translation>Демо-сеть: %1 выполнено (%2 ед., %3 тестовых TON); всего зачислено %4 тестовых TON.</translation>
    </message>
    <message>
        <source>Screenshots saved: %1</source>
        <translation>Снимки экрана сохранены: %1</translation>
    </message>
    <message>
        <source>Screenshot problem: %1</source>
        <translation>Проблема со снимком экрана: %1</translation>
    </message>
    <message>
        <source>Showing the Cocoon Contributor service running in the background (process %1). Closing this window leaves it running.</source>
        <translation>Показана служба Cocoon Contributor, работающая в фоне (процесс %1). Если закрыть это окно, служба продолжит работу.</translation>
    </message>
    <message>
        <source>Set up again. The new network is joined when the service restarts; limits apply now.</source>
        <translation>Настройка обновлена. К новой сети служба подключится после перезапуска; ограничения действуют сразу.</translation>
    </message>
    <message>
        <source>The background service stopped answering (%1). Start it again with &apos;systemctl --user start cocoon-contributor&apos;; this window reconnects by itself.</source>
        <translation>Фоновая служба перестала отвечать (%1). Запустите её снова командой &apos;systemctl --user start cocoon-contributor&apos;; это окно переподключится само.</translation>
    </message>
    <message>
        <source>the local demo network (test TON; payouts off: %1)</source>
        <translation>локальную демо-сеть (тестовые TON; выплаты отключены: %1)</translation>
    </message>
    <message>
        <source>the local demo network (test TON, paid out on an emulated TON chain)</source>
        <translation>локальную демо-сеть (тестовые TON, выплачиваются в эмулированной сети TON)</translation>
    </message>
    <message>
        <source>the emulated TON chain is not part of this installation (it comes with the source tree)</source>
        <translation>эмулированная сеть TON не входит в эту установку (она поставляется с исходным кодом)</translation>
    </message>
    <message>
        <source>Node.js is not installed (make deps installs it)</source>
        <translation>Node.js не установлен (его устанавливает make deps)</translation>
    </message>
    <message>
        <source>the emulated TON chain&apos;s packages are not installed (make deps installs them)</source>
        <translation>пакеты эмулированной сети TON не установлены (их устанавливает make deps)</translation>
    </message>
    <message>
        <source>the emulated TON chain did not start</source>
        <translation>эмулированная сеть TON не запустилась</translation>
    </message>
    <message>
        <source>the emulated TON chain did not start: %1</source>
        <translation>эмулированная сеть TON не запустилась: %1</translation>
    </message>
</context>
<context>
    <name>QObject</name>
    <message>
        <source>The per-device limits could not be read: %1</source>
        <translation>Не удалось прочитать ограничения для устройств: %1</translation>
    </message>
    <message>
        <source>Unknown setting %1</source>
        <translation>Неизвестная настройка %1</translation>
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
        <translation>%1 — недоступно: %2</translation>
    </message>
    <message>
        <source>Not contributing: no coordinator is configured (start with --coordinator wss://HOST:PORT --pin HEX, or set net.coordinator and net.pin).</source>
        <translation>Работа не идёт: координатор не задан (запустите с --coordinator wss://HOST:PORT --pin HEX или задайте net.coordinator и net.pin).</translation>
    </message>
    <message>
        <source>&amp;Dashboard</source>
        <translation>&amp;Обзор</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Файл</translation>
    </message>
    <message>
        <source>Set &amp;up again…</source>
        <translation>&amp;Настроить заново…</translation>
    </message>
    <message>
        <source>Start at &amp;login</source>
        <translation>&amp;Запускать при входе</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Выход</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>&amp;Справка</translation>
    </message>
    <message>
        <source>&amp;About</source>
        <translation>&amp;О программе</translation>
    </message>
    <message>
        <source>About Cocoon Contributor</source>
        <translation>О программе Cocoon Contributor</translation>
    </message>
    <message>
        <source>Cocoon Contributor %1
Put an idle GPU to work in the Cocoon confidential-computing network.</source>
        <translation>Cocoon Contributor %1
Отдайте простаивающую видеокарту сети конфиденциальных вычислений Cocoon.</translation>
    </message>
    <message>
        <source>Idle</source>
        <translation>Ожидание</translation>
    </message>
    <message>
        <source>&amp;Activity</source>
        <translation>&amp;Журнал</translation>
    </message>
    <message>
        <source>&amp;Contribute</source>
        <translation>&amp;Работа</translation>
    </message>
    <message>
        <source>&amp;Pause</source>
        <translation>&amp;Пауза</translation>
    </message>
    <message>
        <source>&amp;Resume</source>
        <translation>&amp;Продолжить</translation>
    </message>
    <message>
        <source>Snooze for 15 minutes</source>
        <translation>Отложить на 15 минут</translation>
    </message>
    <message>
        <source>Snooze for 1 hour</source>
        <translation>Отложить на 1 час</translation>
    </message>
    <message>
        <source>Snooze until tomorrow</source>
        <translation>Отложить до завтра</translation>
    </message>
    <message>
        <source>Snooze for…</source>
        <translation>Отложить на…</translation>
    </message>
    <message>
        <source>Snooze</source>
        <translation>Отложить</translation>
    </message>
    <message>
        <source>Pause all work for how many minutes? It resumes by itself.</source>
        <translation>На сколько минут приостановить всю работу? Она возобновится сама.</translation>
    </message>
    <message>
        <source>&amp;Earnings</source>
        <translation>&amp;Доход</translation>
    </message>
    <message>
        <source>&amp;Wallet</source>
        <translation>&amp;Кошелёк</translation>
    </message>
    <message>
        <source>&amp;Jobs</source>
        <translation>&amp;Задания</translation>
    </message>
    <message>
        <source>&amp;Limits</source>
        <translation>&amp;Ограничения</translation>
    </message>
    <message>
        <source>Still running</source>
        <translation>Приложение работает</translation>
    </message>
    <message>
        <source>Cocoon Contributor keeps working in the tray. Use Quit in its menu to stop it.</source>
        <translation>Cocoon Contributor продолжает работать в системном лотке. Чтобы остановить, выберите «Выход» в его меню.</translation>
    </message>
    <message>
        <source>an error dialog is up: %1</source>
        <translation>открыто окно ошибки: %1</translation>
    </message>
    <message>
        <source>could not save %1</source>
        <translation>не удалось сохранить %1</translation>
    </message>
    <message>
        <source>Privacy tier</source>
        <translation>Уровень приватности</translation>
    </message>
    <message>
        <source>&lt;b&gt;Privacy: confidential.&lt;/b&gt; Jobs run inside hardware-protected memory that this machine can prove.</source>
        <translation>&lt;b&gt;Приватность: конфиденциальная.&lt;/b&gt; Задания выполняются в аппаратно защищённой памяти, и этот компьютер может это доказать.</translation>
    </message>
    <message>
        <source>&lt;b&gt;Privacy: sealed.&lt;/b&gt; Jobs are encrypted end to end, but this machine cannot prove that its memory is private (its owner could in principle inspect it): %1</source>
        <translation>&lt;b&gt;Приватность: запечатанная.&lt;/b&gt; Задания зашифрованы от начала до конца, но этот компьютер не может доказать, что его память закрыта (владелец в принципе может её просмотреть): %1</translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation>&amp;Язык</translation>
    </message>
</context>
<context>
    <name>cocoon::Settings</name>
    <message>
        <source>true or false</source>
        <translation>true или false</translation>
    </message>
    <message>
        <source>a whole number from %1 to %2</source>
        <translation>целое число от %1 до %2</translation>
    </message>
    <message>
        <source>one of: %1</source>
        <translation>одно из: %1</translation>
    </message>
    <message>
        <source>%1: &apos;%2&apos; is not valid; expected %3</source>
        <translation>%1: «%2» — недопустимое значение; ожидается %3</translation>
    </message>
    <message>
        <source>%1: %2%3 is out of range; allowed is %4%5</source>
        <translation>%1: %2%3 вне допустимого диапазона; разрешено %4%5</translation>
    </message>
    <message>
        <source>%1: &apos;%2&apos; is not allowed; use %3</source>
        <translation>%1: «%2» не разрешено; используйте %3</translation>
    </message>
    <message>
        <source>there is no setting called &apos;%1&apos;</source>
        <translation>настройки «%1» не существует</translation>
    </message>
    <message>
        <source>%1 was written by a newer version of Cocoon Contributor; change settings with that version</source>
        <translation>%1 записан более новой версией Cocoon Contributor; меняйте настройки в той версии</translation>
    </message>
    <message>
        <source>settings not saved: %1</source>
        <translation>настройки не сохранены: %1</translation>
    </message>
    <message>
        <source>cannot read %1: %2</source>
        <translation>не удалось прочитать %1: %2</translation>
    </message>
    <message>
        <source>%1 could not be read (%2)</source>
        <translation>не удалось прочитать %1 (%2)</translation>
    </message>
    <message>
        <source>%1 could not be read (%2); it was kept as %3 and defaults are in use</source>
        <translation>не удалось прочитать %1 (%2); файл сохранён как %3, действуют значения по умолчанию</translation>
    </message>
    <message>
        <source>%1 at byte %2</source>
        <translation>%1 в байте %2</translation>
    </message>
    <message>
        <source>not a settings file: expected {&quot;schema&quot;: N, &quot;values&quot;: {...}}</source>
        <translation>это не файл настроек: ожидается {&quot;schema&quot;: N, &quot;values&quot;: {...}}</translation>
    </message>
    <message>
        <source>no upgrade from settings schema %1</source>
        <translation>нет обновления со схемы настроек %1</translation>
    </message>
</context>
<context>
    <name>cocoon::SettingsTable</name>
    <message>
        <source>How much detail goes to the log file (--log-level overrides it for one run)</source>
        <translation>Насколько подробно писать журнал (--log-level меняет это для одного запуска)</translation>
    </message>
    <message>
        <source>Size at which the log file is rotated</source>
        <translation>Размер, при котором журнал переходит в новый файл</translation>
    </message>
    <message>
        <source>How many rotated log files are kept</source>
        <translation>Сколько старых файлов журнала хранить</translation>
    </message>
    <message>
        <source>Cipher &apos;cocoonctl seal&apos; uses when --aead is not given</source>
        <translation>Шифр для &apos;cocoonctl seal&apos;, если не указан --aead</translation>
    </message>
    <message>
        <source>Chunk size &apos;cocoonctl seal&apos; uses when --chunk-size is not given</source>
        <translation>Размер блока для &apos;cocoonctl seal&apos;, если не указан --chunk-size</translation>
    </message>
    <message>
        <source>When to work: always, only when you are idle, on the weekly schedule, or never</source>
        <translation>Когда работать: всегда, только когда вы не за компьютером, по недельному расписанию или никогда</translation>
    </message>
    <message>
        <source>How long without keyboard or mouse input counts as idle</source>
        <translation>Сколько времени без клавиатуры и мыши считается простоем</translation>
    </message>
    <message>
        <source>Share of time to work while you use the computer (modes always and schedule; 0 pauses)</source>
        <translation>Доля времени работы, пока вы пользуетесь компьютером (режимы always и schedule; 0 — пауза)</translation>
    </message>
    <message>
        <source>Share of time to work while you are idle</source>
        <translation>Доля времени работы, пока вы не за компьютером</translation>
    </message>
    <message>
        <source>Allowed hours in schedule mode, e.g. &quot;mon-fri 22-7; sat-sun 0-24&quot;</source>
        <translation>Разрешённые часы в режиме расписания, например &quot;mon-fri 22-7; sat-sun 0-24&quot;</translation>
    </message>
    <message>
        <source>Pause while a game or video runs full screen</source>
        <translation>Пауза, пока игра или видео открыты на весь экран</translation>
    </message>
    <message>
        <source>Pause while any of these programs runs (comma-separated process names)</source>
        <translation>Пауза, пока запущена любая из этих программ (имена процессов через запятую)</translation>
    </message>
    <message>
        <source>Pause when other programs use more of the GPU than this (100: never)</source>
        <translation>Пауза, когда другие программы загружают видеокарту больше этого (100 — никогда)</translation>
    </message>
    <message>
        <source>GPU memory always left free for you</source>
        <translation>Видеопамять, которая всегда остаётся свободной для вас</translation>
    </message>
    <message>
        <source>Pause when the GPU is this hot</source>
        <translation>Пауза при такой температуре видеокарты</translation>
    </message>
    <message>
        <source>After overheating, resume this many degrees below the limit</source>
        <translation>После перегрева продолжать на столько градусов ниже предела</translation>
    </message>
    <message>
        <source>Slow down to keep the GPU&apos;s power draw under this (0: no cap)</source>
        <translation>Замедляться, чтобы потребление видеокарты было ниже этого (0 — без ограничения)</translation>
    </message>
    <message>
        <source>Pause while on battery</source>
        <translation>Пауза при работе от батареи</translation>
    </message>
    <message>
        <source>When working on battery is allowed: pause below this charge</source>
        <translation>Если работа от батареи разрешена: пауза ниже этого заряда</translation>
    </message>
    <message>
        <source>After a pause, resume only when the reasons have been gone this long</source>
        <translation>После паузы продолжать, только когда причин нет уже столько времени</translation>
    </message>
    <message>
        <source>While paused, keep a job&apos;s GPU memory this long for a quick resume, then give it back</source>
        <translation>Во время паузы держать видеопамять задания столько времени для быстрого продолжения, затем освободить</translation>
    </message>
    <message>
        <source>How often keyboard/mouse activity and full-screen apps are checked</source>
        <translation>Как часто проверять клавиатуру, мышь и полноэкранные приложения</translation>
    </message>
    <message>
        <source>Per-device limits, e.g. &quot;gpu0: dutyWhileIdle=50, temperatureCapC=75; cpu: mode=paused&quot;</source>
        <translation>Ограничения для отдельных устройств, например &quot;gpu0: dutyWhileIdle=50, temperatureCapC=75; cpu: mode=paused&quot;</translation>
    </message>
    <message>
        <source>How often GPU temperature, power, load and memory are read</source>
        <translation>Как часто считывать температуру, мощность, загрузку и память видеокарты</translation>
    </message>
    <message>
        <source>The coordinator to join (wss://HOST:PORT); empty: the local demo network</source>
        <translation>Координатор для подключения (wss://HOST:PORT); пусто — локальная демо-сеть</translation>
    </message>
    <message>
        <source>The coordinator&apos;s key pin (SHA-256, 64 hex digits); empty: trust the system&apos;s CAs</source>
        <translation>Отпечаток ключа координатора (SHA-256, 64 шестнадцатеричные цифры); пусто — доверять системным УЦ</translation>
    </message>
    <message>
        <source>Without a coordinator, join a local demo network (test TON) to see everything work</source>
        <translation>Без координатора подключаться к локальной демо-сети (тестовые TON), чтобы увидеть всё в работе</translation>
    </message>
    <message>
        <source>Your TON payout address (any form); only the address is kept, never a recovery phrase</source>
        <translation>Ваш адрес TON для выплат (в любой форме); хранится только адрес, никогда не фраза восстановления</translation>
    </message>
    <message>
        <source>The coordinator&apos;s payout wallet: incoming transfers from it count as paid earnings</source>
        <translation>Кошелёк выплат координатора: входящие переводы с него считаются выплаченным доходом</translation>
    </message>
    <message>
        <source>How often the wallet&apos;s balance and payouts are read from the chain</source>
        <translation>Как часто считывать из блокчейна баланс и выплаты кошелька</translation>
    </message>
    <message>
        <source>The enrolment wizard has been completed (false: the desktop app shows it at start)</source>
        <translation>Мастер настройки пройден (false — приложение покажет его при запуске)</translation>
    </message>
    <message>
        <source>Closing the window keeps the app running in the system tray (when there is one)</source>
        <translation>Закрытие окна оставляет приложение работать в системном лотке (если он есть)</translation>
    </message>
    <message>
        <source>Desktop notifications: paused for a game, payout received, errors</source>
        <translation>Уведомления: пауза ради игры, получена выплата, ошибки</translation>
    </message>
    <message>
        <source>The language of the desktop app: the system&apos;s, English, Russian or Spanish</source>
        <translation>Язык приложения: системный, английский, русский или испанский</translation>
    </message>
    <message>
        <source>&apos;%1&apos; is not a process name (letters, digits, spaces, . _ + -; up to 64)</source>
        <translation>«%1» — не имя процесса (буквы, цифры, пробелы, . _ + -; не более 64)</translation>
    </message>
    <message>
        <source>&apos;%1&apos; is not a coordinator address such as wss://coordinator.example:7443</source>
        <translation>«%1» — не адрес координатора вида wss://coordinator.example:7443</translation>
    </message>
    <message>
        <source>a pin is the coordinator key&apos;s SHA-256: 64 hex digits</source>
        <translation>отпечаток — это SHA-256 ключа координатора: 64 шестнадцатеричные цифры</translation>
    </message>
    <message>
        <source>&apos;%1&apos; is not an http(s) URL such as https://toncenter.com/api/v2/</source>
        <translation>«%1» — не адрес http(s) вида https://toncenter.com/api/v2/</translation>
    </message>
    <message>
        <source>this program cannot check this setting</source>
        <translation>эта программа не может проверить эту настройку</translation>
    </message>
    <message>
        <source>Folder of language models (GGUF files) this computer serves to AI jobs; empty: the models folder in the data directory</source>
        <translation>Папка языковых моделей (файлы GGUF), которые этот компьютер обслуживает для ИИ-задач; пусто: папка models в каталоге данных</translation>
    </message>
</context>
<context>
    <name>cocoon::app::DesktopShell</name>
    <message>
        <source>run the benchmark (File &gt; Set up again…) to see what this machine should earn a day.</source>
        <translation>запустите тест производительности (Файл &gt; Настроить заново…), чтобы увидеть, сколько эта машина должна зарабатывать в день.</translation>
    </message>
    <message>
        <source>waiting for the coordinator&apos;s prices.</source>
        <translation>ожидание цен координатора.</translation>
    </message>
</context>
<context>
    <name>cocoon::attest::Preflight</name>
    <message>
        <source>CPU confidential VM (AMD SEV-SNP or Intel TDX)</source>
        <translation>Конфиденциальная ВМ на процессоре (AMD SEV-SNP или Intel TDX)</translation>
    </message>
    <message>
        <source>%1 report obtained through %2 and verified.</source>
        <translation>Отчёт %1 получен через %2 и проверен.</translation>
    </message>
    <message>
        <source>No confidential-VM interface was found.</source>
        <translation>Интерфейс конфиденциальной ВМ не найден.</translation>
    </message>
    <message>
        <source>Run Cocoon Contributor inside a confidential VM: an AMD SEV-SNP guest (EPYC 7003 or newer) or an Intel TDX guest (Xeon 4th generation or newer), with Linux 6.7 or newer for configfs-tsm. Desktop PCs cannot do this; jobs still run sealed (end-to-end encrypted).</source>
        <translation>Запустите Cocoon Contributor в конфиденциальной ВМ: гостевой системе AMD SEV-SNP (EPYC 7003 или новее) или Intel TDX (Xeon 4-го поколения или новее) с Linux 6.7 или новее для configfs-tsm. Домашние ПК так не умеют; задания всё равно выполняются запечатанными (со сквозным шифрованием).</translation>
    </message>
    <message>
        <source>The guest&apos;s report could not be verified: update the host firmware (TCB) and the guest kernel, then start the app again.</source>
        <translation>Отчёт гостевой системы не прошёл проверку: обновите прошивку хоста (TCB) и ядро гостевой системы, затем перезапустите приложение.</translation>
    </message>
    <message>
        <source>NVIDIA GPU in confidential-computing mode</source>
        <translation>Видеокарта NVIDIA в режиме конфиденциальных вычислений</translation>
    </message>
    <message>
        <source>No NVIDIA GPU is offered, so its mode does not matter.</source>
        <translation>Видеокарта NVIDIA не предоставляется, поэтому её режим не важен.</translation>
    </message>
    <message>
        <source>CC mode is on and every GPU&apos;s signed report verifies.</source>
        <translation>Режим CC включён, и подписанный отчёт каждой видеокарты проходит проверку.</translation>
    </message>
    <message>
        <source>CC mode is off.</source>
        <translation>Режим CC выключен.</translation>
    </message>
    <message>
        <source>Only Hopper and Blackwell data-centre GPUs (H100, H200, B200) have CC mode. On one, turn it on with &apos;nvidia-smi conf-compute -scc on&apos; and a reboot, inside a confidential VM. Consumer GPUs (GeForce) cannot: they earn the sealed tier.</source>
        <translation>Режим CC есть только у серверных видеокарт Hopper и Blackwell (H100, H200, B200). На такой карте включите его командой &apos;nvidia-smi conf-compute -scc on&apos; и перезагрузкой, внутри конфиденциальной ВМ. Потребительские карты (GeForce) так не умеют и получают запечатанный уровень.</translation>
    </message>
    <message>
        <source>Privacy tier offered to job owners</source>
        <translation>Уровень приватности для владельцев заданий</translation>
    </message>
    <message>
        <source>Confidential: jobs run in memory this machine can prove is private.</source>
        <translation>Конфиденциальный: задания выполняются в памяти, закрытость которой этот компьютер может доказать.</translation>
    </message>
    <message>
        <source>Sealed: jobs are encrypted end to end, but this machine cannot prove its memory is private.</source>
        <translation>Запечатанный: задания зашифрованы от начала до конца, но этот компьютер не может доказать закрытость своей памяти.</translation>
    </message>
    <message>
        <source>Nothing is required: this machine earns from every job that accepts the sealed tier; jobs that demand the confidential tier go only to machines that pass the checks above.</source>
        <translation>Ничего делать не нужно: этот компьютер получает оплату за все задания, допускающие запечатанный уровень; задания, требующие конфиденциального уровня, идут только на компьютеры, прошедшие проверки выше.</translation>
    </message>
</context>
<context>
    <name>cocoon::control::RemoteScheduler</name>
    <message>
        <source>The background service is not answering (%1).</source>
        <translation>Фоновая служба не отвечает (%1).</translation>
    </message>
    <message>
        <source>The background service did not take the change: %1</source>
        <translation>Фоновая служба не приняла изменение: %1</translation>
    </message>
</context>
<context>
    <name>cocoon::sched::DeviceOverrides</name>
    <message>
        <source>&apos;%1&apos; has no device: write &quot;gpu0: key=value, ...&quot;</source>
        <translation>в «%1» не указано устройство: пишите &quot;gpu0: key=value, ...&quot;</translation>
    </message>
    <message>
        <source>&apos;%1&apos; is not a device: use cpu, gpu0, gpu1, ... or a GPU UUID (GPU-…)</source>
        <translation>«%1» — не устройство: используйте cpu, gpu0, gpu1, ... или UUID видеокарты (GPU-…)</translation>
    </message>
    <message>
        <source>%1 is listed twice</source>
        <translation>%1 указано дважды</translation>
    </message>
    <message>
        <source>%1: &apos;%2&apos; cannot be set per device; allowed: %3</source>
        <translation>%1: «%2» нельзя задать для отдельного устройства; можно: %3</translation>
    </message>
    <message>
        <source>%1: nothing to override</source>
        <translation>%1: нечего переопределять</translation>
    </message>
</context>
<context>
    <name>cocoon::sched::Policy</name>
    <message>
        <source>%1 min</source>
        <translation>%1 мин</translation>
    </message>
    <message>
        <source>%1 s</source>
        <translation>%1 с</translation>
    </message>
    <message>
        <source>you paused it</source>
        <translation>вы поставили на паузу</translation>
    </message>
    <message>
        <source>snoozed until %1</source>
        <translation>отложено до %1</translation>
    </message>
    <message>
        <source>the mode is set to paused</source>
        <translation>выбран режим «пауза»</translation>
    </message>
    <message>
        <source>outside the hours you allowed</source>
        <translation>вне разрешённых вами часов</translation>
    </message>
    <message>
        <source>you are using the computer (waits until %1 without input)</source>
        <translation>вы пользуетесь компьютером (ждёт %1 без ввода)</translation>
    </message>
    <message>
        <source>%1 is running full screen</source>
        <translation>%1 открыто на весь экран</translation>
    </message>
    <message>
        <source>other programs are using %1% of the GPU</source>
        <translation>другие программы используют %1% видеокарты</translation>
    </message>
    <message>
        <source>the GPU memory you keep free for yourself is in use</source>
        <translation>занята видеопамять, которую вы оставили себе</translation>
    </message>
    <message>
        <source>the GPU is at %1 °C (limit %2 °C; resumes at %3 °C)</source>
        <translation>видеокарта нагрелась до %1 °C (предел %2 °C; продолжит при %3 °C)</translation>
    </message>
    <message>
        <source>the computer is on battery</source>
        <translation>компьютер работает от батареи</translation>
    </message>
    <message>
        <source>the battery is at %1% (limit %2%)</source>
        <translation>заряд батареи %1% (предел %2%)</translation>
    </message>
    <message>
        <source>resuming in %1 s</source>
        <translation>продолжение через %1 с</translation>
    </message>
    <message>
        <source>%1 is running</source>
        <translation>запущено: %1</translation>
    </message>
</context>
<context>
    <name>cocoon::sched::Schedule</name>
    <message>
        <source>&apos;%1&apos; is not &quot;DAYS FROM-TO&quot; (for example &quot;mon-fri 22-7&quot;)</source>
        <translation>«%1» не в формате &quot;ДНИ С-ДО&quot; (например, &quot;mon-fri 22-7&quot;)</translation>
    </message>
    <message>
        <source>&apos;%1&apos;: hours go from 0 to 24</source>
        <translation>«%1»: часы — от 0 до 24</translation>
    </message>
    <message>
        <source>&apos;%1&apos;: days are mon, tue, wed, thu, fri, sat, sun (or ranges like mon-fri)</source>
        <translation>«%1»: дни — mon, tue, wed, thu, fri, sat, sun (или диапазоны вроде mon-fri)</translation>
    </message>
</context>
<context>
    <name>cocoon::ui::ActivityPage</name>
    <message>
        <source>&lt;b&gt;Why it paused&lt;/b&gt; — every change of state, newest first</source>
        <translation>&lt;b&gt;Почему была пауза&lt;/b&gt; — все изменения состояния, новые сверху</translation>
    </message>
    <message>
        <source>Pause and resume history</source>
        <translation>История пауз и продолжений</translation>
    </message>
    <message>
        <source>&lt;b&gt;Log&lt;/b&gt;</source>
        <translation>&lt;b&gt;Журнал&lt;/b&gt;</translation>
    </message>
    <message>
        <source>Lowest level shown</source>
        <translation>Минимальный уровень</translation>
    </message>
    <message>
        <source>Debug and above</source>
        <translation>Отладка и выше</translation>
    </message>
    <message>
        <source>Info and above</source>
        <translation>Сведения и выше</translation>
    </message>
    <message>
        <source>Warnings and errors</source>
        <translation>Предупреждения и ошибки</translation>
    </message>
    <message>
        <source>Errors only</source>
        <translation>Только ошибки</translation>
    </message>
    <message>
        <source>Subsystem shown</source>
        <translation>Показываемая подсистема</translation>
    </message>
    <message>
        <source>All subsystems</source>
        <translation>Все подсистемы</translation>
    </message>
    <message>
        <source>Filter text</source>
        <translation>Фильтр по тексту</translation>
    </message>
    <message>
        <source>Filter the log by text</source>
        <translation>Фильтровать журнал по тексту</translation>
    </message>
    <message>
        <source>Application log</source>
        <translation>Журнал приложения</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>Время</translation>
    </message>
    <message>
        <source>Level</source>
        <translation>Уровень</translation>
    </message>
    <message>
        <source>Subsystem</source>
        <translation>Подсистема</translation>
    </message>
    <message>
        <source>Message</source>
        <translation>Сообщение</translation>
    </message>
    <message>
        <source>%1  %2 working at %3%</source>
        <translation>%1  %2 работает на %3%</translation>
    </message>
    <message>
        <source>%1  %2 paused: %3</source>
        <translation>%1  %2 на паузе: %3</translation>
    </message>
</context>
<context>
    <name>cocoon::ui::BenchmarkPage</name>
    <message>
        <source>A short benchmark</source>
        <translation>Короткий тест производительности</translation>
    </message>
    <message>
        <source>A real sealed job runs for a few seconds to measure how fast this machine works and how quickly it gets out of your way.</source>
        <translation>Настоящее запечатанное задание выполняется несколько секунд, чтобы измерить, как быстро работает этот компьютер и как быстро он уступает его вам.</translation>
    </message>
    <message>
        <source>&amp;Run the benchmark</source>
        <translation>&amp;Запустить тест</translation>
    </message>
    <message>
        <source>Benchmark progress</source>
        <translation>Ход теста</translation>
    </message>
    <message>
        <source>Running…</source>
        <translation>Выполняется…</translation>
    </message>
    <message>
        <source>The benchmark failed: %1</source>
        <translation>Тест не удался: %1</translation>
    </message>
    <message>
        <source>&lt;b&gt;Score: %1&lt;/b&gt; (million probe operations per second, %2).</source>
        <translation>&lt;b&gt;Результат: %1&lt;/b&gt; (миллионов пробных операций в секунду, %2).</translation>
    </message>
    <message>
        <source>Stops within %1 ms of you touching the mouse (typical %2 ms).</source>
        <translation>Останавливается в течение %1 мс после того, как вы коснулись мыши (обычно %2 мс).</translation>
    </message>
    <message>
        <source>You can skip this and run it later from File &gt; Set up again…</source>
        <translation>Этот шаг можно пропустить и выполнить позже через Файл &gt; Настроить заново…</translation>
    </message>
    <message>
        <source>Working around the clock at the demo network&apos;s price (%1 nanoTON per unit), this machine would earn about %2 test TON a day; your schedule and a coordinator&apos;s prices change that, and the Dashboard compares the forecast with what you actually earn.</source>
        <translation>Работая круглосуточно по цене демо-сети (%1 наноTON за единицу), эта машина заработала бы около %2 тестовых TON в день; ваше расписание и цены координатора меняют это, а Панель сравнивает прогноз с тем, что вы заработали на самом деле.</translation>
    </message>
</context>
<context>
    <name>cocoon::ui::ConfirmPage</name>
    <message>
        <source>Confirm the phrase</source>
        <translation>Подтвердите фразу</translation>
    </message>
    <message>
        <source>Type three of the words to show they are written down. Then Cocoon forgets the phrase.</source>
        <translation>Введите три слова, чтобы подтвердить, что фраза записана. После этого Cocoon забудет её.</translation>
    </message>
    <message>
        <source>Word number %1</source>
        <translation>Слово номер %1</translation>
    </message>
    <message>
        <source>Word #%1</source>
        <translation>Слово №%1</translation>
    </message>
    <message>
        <source>That does not match. Go back and check the words you wrote down.</source>
        <translation>Не совпадает. Вернитесь и проверьте записанные слова.</translation>
    </message>
</context>
<context>
    <name>cocoon::ui::DashboardPage</name>
    <message>
        <source>Network: not connected yet.</source>
        <translation>Сеть: ещё не подключено.</translation>
    </message>
    <message>
        <source>Network connection</source>
        <translation>Подключение к сети</translation>
    </message>
    <message>
        <source>Today: nothing earned yet.</source>
        <translation>Сегодня: пока ничего не заработано.</translation>
    </message>
    <message>
        <source>Today&apos;s earnings</source>
        <translation>Доход за сегодня</translation>
    </message>
    <message>
        <source>Stop latency: not measured yet (run the benchmark from the setup wizard).</source>
        <translation>Задержка остановки: ещё не измерена (запустите тест в мастере настройки).</translation>
    </message>
    <message>
        <source>Measured stop latency</source>
        <translation>Измеренная задержка остановки</translation>
    </message>
    <message>
        <source>Device %1</source>
        <translation>Устройство %1</translation>
    </message>
    <message>
        <source>Waiting for the scheduler…</source>
        <translation>Ожидание планировщика…</translation>
    </message>
    <message>
        <source>State of %1</source>
        <translation>Состояние %1</translation>
    </message>
    <message>
        <source>No job</source>
        <translation>Нет задания</translation>
    </message>
    <message>
        <source>ours %</source>
        <translation>наша %</translation>
    </message>
    <message>
        <source>others %</source>
        <translation>чужая %</translation>
    </message>
    <message>
        <source>Utilisation of %1 over the last 5 minutes</source>
        <translation>Загрузка %1 за последние 5 минут</translation>
    </message>
    <message>
        <source>&lt;b&gt;Paused&lt;/b&gt; — %1</source>
        <translation>&lt;b&gt;Пауза&lt;/b&gt; — %1</translation>
    </message>
    <message>
        <source>&lt;b&gt;Throttled&lt;/b&gt; — working %1% of the time so the computer stays responsive for you.</source>
        <translation>&lt;b&gt;Снижено&lt;/b&gt; — работает %1% времени, чтобы компьютер оставался отзывчивым.</translation>
    </message>
    <message>
        <source>&lt;b&gt;Running&lt;/b&gt; — at full speed.</source>
        <translation>&lt;b&gt;Работает&lt;/b&gt; — на полной скорости.</translation>
    </message>
    <message>
        <source>&lt;span style=&apos;background:#2e7d32;color:white&apos;&gt;&amp;nbsp;Confidential&amp;nbsp;&lt;/span&gt;</source>
        <translation>&lt;span style=&apos;background:#2e7d32;color:white&apos;&gt;&amp;nbsp;Конфиденциально&amp;nbsp;&lt;/span&gt;</translation>
    </message>
    <message>
        <source>&lt;span style=&apos;background:#8d6e00;color:white&apos;&gt;&amp;nbsp;Sealed&amp;nbsp;&lt;/span&gt;</source>
        <translation>&lt;span style=&apos;background:#8d6e00;color:white&apos;&gt;&amp;nbsp;Запечатано&amp;nbsp;&lt;/span&gt;</translation>
    </message>
    <message>
        <source>Privacy tier: confidential</source>
        <translation>Уровень приватности: конфиденциальный</translation>
    </message>
    <message>
        <source>Privacy tier: sealed, %1</source>
        <translation>Уровень приватности: запечатанный, %1</translation>
    </message>
    <message>
        <source>Job: %1, started %2</source>
        <translation>Задание: %1, начато в %2</translation>
    </message>
    <message>
        <source>Stop latency: %1 ms typical, %2 ms worst of %3 (measured %4 on %5).</source>
        <translation>Задержка остановки: обычно %1 мс, худшая %2 мс из %3 (измерено %4 на %5).</translation>
    </message>
    <message>
        <source>ours %1%</source>
        <translation>наша %1%</translation>
    </message>
    <message>
        <source>ours –</source>
        <translation>наша –</translation>
    </message>
    <message>
        <source>others %1%</source>
        <translation>чужая %1%</translation>
    </message>
    <message>
        <source>others –</source>
        <translation>чужая –</translation>
    </message>
    <message>
        <source>%1 °C</source>
        <translation>%1 °C</translation>
    </message>
    <message>
        <source>%1 W</source>
        <translation>%1 Вт</translation>
    </message>
    <message>
        <source>VRAM %1 / %2 GiB</source>
        <translation>Видеопамять %1 / %2 ГиБ</translation>
    </message>
    <message numerus="yes">
        <source>Today: %1 %2 from %n job(s).</source>
        <translation>
            <numerusform>Сегодня: %1 %2 за %n задание.</numerusform>
            <numerusform>Сегодня: %1 %2 за %n задания.</numerusform>
            <numerusform>Сегодня: %1 %2 за %n заданий.</numerusform>
        </translation>
    </message>
    <message>
        <source>test TON</source>
        <translation>тестовых TON</translation>
    </message>
    <message>
        <source>TON</source>
        <translation>TON</translation>
    </message>
    <message>
        <source>Forecast: run the benchmark (File &gt; Set up again…) to see what this machine should earn a day.</source>
        <translation>Прогноз: запустите тест производительности (Файл &gt; Настроить заново…), чтобы увидеть, сколько эта машина должна зарабатывать в день.</translation>
    </message>
    <message>
        <source>Earnings forecast</source>
        <translation>Прогноз заработка</translation>
    </message>
    <message>
        <source>Forecast: %1</source>
        <translation>Прогноз: %1</translation>
    </message>
    <message>
        <source>Forecast: about %1 %2 a day, from the benchmark&apos;s speed, the coordinator&apos;s price and the hours your schedule allows (if there is always work).</source>
        <translation>Прогноз: около %1 %2 в день — по скорости из теста, цене координатора и часам, которые разрешает ваше расписание (если работа есть всегда).</translation>
    </message>
    <message>
        <source>Actually earned over the last %1 day(s): %2 %3 a day (%4% against the forecast).</source>
        <translation>Фактически заработано за последние дни (%1): %2 %3 в день (%4% относительно прогноза).</translation>
    </message>
    <message>
        <source>What it actually earns is compared after an hour of work.</source>
        <translation>Фактический заработок сравнивается после часа работы.</translation>
    </message>
</context>
<context>
    <name>cocoon::ui::DevicesPage</name>
    <message>
        <source>Your compute devices</source>
        <translation>Ваши вычислительные устройства</translation>
    </message>
    <message>
        <source>Tick the devices Cocoon may use. Unticked ones are never touched.</source>
        <translation>Отметьте устройства, которые может использовать Cocoon. Неотмеченные не используются никогда.</translation>
    </message>
    <message>
        <source>%1 — not usable: %2</source>
        <translation>%1 — недоступно: %2</translation>
    </message>
    <message>
        <source>Use %1</source>
        <translation>Использовать %1</translation>
    </message>
    <message>
        <source>No compute device was found.</source>
        <translation>Вычислительные устройства не найдены.</translation>
    </message>
</context>
<context>
    <name>cocoon::ui::EarningsPage</name>
    <message>
        <source>Earned (%1)</source>
        <translation>Заработано (%1)</translation>
    </message>
    <message>
        <source>Jobs</source>
        <translation>Задания</translation>
    </message>
    <message>
        <source>Units</source>
        <translation>Единицы</translation>
    </message>
    <message>
        <source>Earned</source>
        <translation>Заработано</translation>
    </message>
    <message>
        <source>Period shown</source>
        <translation>Показываемый период</translation>
    </message>
    <message>
        <source>Export CSV…</source>
        <translation>Экспорт в CSV…</translation>
    </message>
    <message>
        <source>Export earnings</source>
        <translation>Экспорт дохода</translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation>Файлы CSV (*.csv)</translation>
    </message>
    <message>
        <source>Saved %1.</source>
        <translation>Сохранено: %1.</translation>
    </message>
    <message>
        <source>Earnings chart</source>
        <translation>График дохода</translation>
    </message>
    <message>
        <source>Kernel</source>
        <translation>Ядро</translation>
    </message>
    <message>
        <source>Earnings per kernel</source>
        <translation>Доход по ядрам</translation>
    </message>
    <message>
        <source>Device</source>
        <translation>Устройство</translation>
    </message>
    <message>
        <source>Earnings per device</source>
        <translation>Доход по устройствам</translation>
    </message>
    <message>
        <source>test TON</source>
        <translation>тестовых TON</translation>
    </message>
    <message>
        <source>TON</source>
        <translation>TON</translation>
    </message>
    <message>
        <source>Earnings cannot be shown: the ledger could not be opened (the log says why).</source>
        <translation>Доход нельзя показать: не удалось открыть реестр (причина — в журнале).</translation>
    </message>
    <message>
        <source>Demo network: these are test TON, not money. Join a real coordinator in the settings to earn TON.</source>
        <translation>Демо-сеть: это тестовые TON, а не деньги. Чтобы зарабатывать TON, подключитесь к настоящему координатору в настройках.</translation>
    </message>
    <message>
        <source>Pending %1 · Credited %2 · Paid %3 %4 (all time; pending = work done that no signed statement covers yet)</source>
        <translation>Ожидает %1 · Зачислено %2 · Выплачено %3 %4 (за всё время; ожидает = выполненная работа, ещё не вошедшая в подписанную выписку)</translation>
    </message>
    <message numerus="yes">
        <source>Warning: a coordinator presented a lower total than it had signed before (%n time(s)); the higher statement is kept as proof.</source>
        <translation>
            <numerusform>Внимание: координатор показал сумму меньше, чем подписывал ранее (%n раз); более высокая выписка сохранена как доказательство.</numerusform>
            <numerusform>Внимание: координатор показал сумму меньше, чем подписывал ранее (%n раза); более высокая выписка сохранена как доказательство.</numerusform>
            <numerusform>Внимание: координатор показал сумму меньше, чем подписывал ранее (%n раз); более высокая выписка сохранена как доказательство.</numerusform>
        </translation>
    </message>
    <message>
        <source>Credited</source>
        <translation>Зачислено</translation>
    </message>
    <message>
        <source>Paid</source>
        <translation>Выплачено</translation>
    </message>
    <message>
        <source>Earned, cumulative</source>
        <translation>Заработано, нарастающим итогом</translation>
    </message>
    <message>
        <source>Credited, cumulative</source>
        <translation>Зачислено, нарастающим итогом</translation>
    </message>
    <message>
        <source>Paid, cumulative</source>
        <translation>Выплачено, нарастающим итогом</translation>
    </message>
    <message>
        <source>no jobs yet</source>
        <translation>заданий пока нет</translation>
    </message>
    <message>
        <source>per period (%1)</source>
        <translation>за период (%1)</translation>
    </message>
    <message>
        <source>cumulative (%1)</source>
        <translation>нарастающим итогом (%1)</translation>
    </message>
    <message>
        <source>%1 — %2</source>
        <translation>%1 — %2</translation>
    </message>
    <message>
        <source>Nothing to export: the ledger is not open.</source>
        <translation>Нечего экспортировать: реестр не открыт.</translation>
    </message>
    <message>
        <source>Could not write %1: %2</source>
        <translation>Не удалось записать %1: %2</translation>
    </message>
    <message>
        <source>Last 7 days, by day</source>
        <translation>Последние 7 дней, по дням</translation>
    </message>
    <message>
        <source>Last 30 days, by day</source>
        <translation>Последние 30 дней, по дням</translation>
    </message>
    <message>
        <source>Last 26 weeks, by week</source>
        <translation>Последние 26 недель, по неделям</translation>
    </message>
    <message>
        <source>Last 12 months, by month</source>
        <translation>Последние 12 месяцев, по месяцам</translation>
    </message>
</context>
<context>
    <name>cocoon::ui::EnrolWizard</name>
    <message>
        <source>Set up Cocoon Contributor</source>
        <translation>Настройка Cocoon Contributor</translation>
    </message>
    <message>
        <source>Welcome</source>
        <translation>Добро пожаловать</translation>
    </message>
    <message>
        <source>&lt;p&gt;Cocoon Contributor puts this computer&apos;s idle GPU (and CPU) to work for the Cocoon network and pays you in TON.&lt;/p&gt;&lt;p&gt;Jobs arrive encrypted end to end; only approved kernels run; the app steps aside the moment you need the machine. The next pages check your hardware, measure it, and ask where to pay you.&lt;/p&gt;</source>
        <translation>&lt;p&gt;Cocoon Contributor отдаёт простаивающую видеокарту (и процессор) этого компьютера сети Cocoon и платит вам в TON.&lt;/p&gt;&lt;p&gt;Задания приходят со сквозным шифрованием; выполняются только одобренные ядра; приложение уступает компьютер, как только он вам нужен. На следующих страницах мы проверим оборудование, измерим его и спросим, куда платить.&lt;/p&gt;</translation>
    </message>
    <message>
        <source>Confidential computing</source>
        <translation>Конфиденциальные вычисления</translation>
    </message>
    <message>
        <source>What this machine can prove about the privacy of the jobs it runs.</source>
        <translation>Что этот компьютер может доказать о приватности выполняемых заданий.</translation>
    </message>
    <message>
        <source>What to do: %1</source>
        <translation>Что сделать: %1</translation>
    </message>
</context>
<context>
    <name>cocoon::ui::JobsPage</name>
    <message>
        <source>Last 24 hours</source>
        <translation>Последние 24 часа</translation>
    </message>
    <message>
        <source>Last 7 days</source>
        <translation>Последние 7 дней</translation>
    </message>
    <message>
        <source>Last 30 days</source>
        <translation>Последние 30 дней</translation>
    </message>
    <message>
        <source>All time</source>
        <translation>За всё время</translation>
    </message>
    <message>
        <source>Period</source>
        <translation>Период</translation>
    </message>
    <message>
        <source>Kernel</source>
        <translation>Ядро</translation>
    </message>
    <message>
        <source>Search job id, device, kernel</source>
        <translation>Поиск по номеру задания, устройству, ядру</translation>
    </message>
    <message>
        <source>Search</source>
        <translation>Поиск</translation>
    </message>
    <message>
        <source>Verify receipt</source>
        <translation>Проверить квитанцию</translation>
    </message>
    <message>
        <source>Jobs and their receipts</source>
        <translation>Задания и их квитанции</translation>
    </message>
    <message>
        <source>Select a job first.</source>
        <translation>Сначала выберите задание.</translation>
    </message>
    <message>
        <source>All kernels</source>
        <translation>Все ядра</translation>
    </message>
    <message>
        <source>No such job.</source>
        <translation>Такого задания нет.</translation>
    </message>
    <message>
        <source>This receipt does NOT verify: %1</source>
        <translation>Эта квитанция НЕ проходит проверку: %1</translation>
    </message>
    <message>
        <source>Signature valid. Node %1 ran job %2 (%3 on %4): %5 units for %6 TON; it covers manifest %7…, sealed input %8… and sealed output %9….</source>
        <translation>Подпись верна. Узел %1 выполнил задание %2 (%3 на %4): %5 ед. за %6 TON; квитанция охватывает манифест %7…, запечатанный вход %8… и запечатанный выход %9….</translation>
    </message>
</context>
<context>
    <name>cocoon::ui::Language</name>
    <message>
        <source>System default</source>
        <translation>Как в системе</translation>
    </message>
</context>
<context>
    <name>cocoon::ui::LimitsEditor</name>
    <message>
        <source>When to work</source>
        <translation>Когда работать</translation>
    </message>
    <message>
        <source>Mode</source>
        <translation>Режим</translation>
    </message>
    <message>
        <source>Weekly schedule (mode &quot;schedule&quot;): click an hour, or select hours and use the buttons; green hours are allowed.</source>
        <translation>Недельное расписание (режим &quot;schedule&quot;): щёлкните час или выделите несколько и нажмите кнопку; зелёные часы разрешены.</translation>
    </message>
    <message>
        <source>&amp;Allow selected hours</source>
        <translation>&amp;Разрешить выбранные часы</translation>
    </message>
    <message>
        <source>&amp;Block selected hours</source>
        <translation>&amp;Запретить выбранные часы</translation>
    </message>
    <message>
        <source>Games and other programs</source>
        <translation>Игры и другие программы</translation>
    </message>
    <message>
        <source>&amp;Pick from running programs…</source>
        <translation>&amp;Выбрать из запущенных программ…</translation>
    </message>
    <message>
        <source>GPU temperature, power and memory</source>
        <translation>Температура, мощность и память видеокарты</translation>
    </message>
    <message>
        <source>Battery</source>
        <translation>Батарея</translation>
    </message>
    <message>
        <source>Per-device overrides</source>
        <translation>Настройки для отдельных устройств</translation>
    </message>
    <message>
        <source>Devices on this machine: %1. Keys: mode, dutyWhileIdle, dutyWhileActive, temperatureCapC, powerCapW, reserveVramMiB, maxOtherGpuPercent.</source>
        <translation>Устройства этого компьютера: %1. Ключи: mode, dutyWhileIdle, dutyWhileActive, temperatureCapC, powerCapW, reserveVramMiB, maxOtherGpuPercent.</translation>
    </message>
    <message>
        <source>&amp;Apply</source>
        <translation>&amp;Применить</translation>
    </message>
    <message>
        <source>Re&amp;vert</source>
        <translation>&amp;Отменить изменения</translation>
    </message>
    <message>
        <source>Not accepted: %1</source>
        <translation>Не принято: %1</translation>
    </message>
    <message>
        <source>Fix the fields marked in red to apply.</source>
        <translation>Чтобы применить, исправьте поля, отмеченные красным.</translation>
    </message>
    <message>
        <source>Changes not applied yet.</source>
        <translation>Изменения ещё не применены.</translation>
    </message>
    <message>
        <source>Nothing was applied: fix the fields marked in red.</source>
        <translation>Ничего не применено: исправьте поля, отмеченные красным.</translation>
    </message>
    <message>
        <source>Could not save %1: %2</source>
        <translation>Не удалось сохранить %1: %2</translation>
    </message>
    <message>
        <source>Nothing to apply.</source>
        <translation>Нечего применять.</translation>
    </message>
    <message numerus="yes">
        <source>Applied %n change(s); in effect now.</source>
        <translation>
            <numerusform>Применено %n изменение; уже действует.</numerusform>
            <numerusform>Применено %n изменения; уже действуют.</numerusform>
            <numerusform>Применено %n изменений; уже действуют.</numerusform>
        </translation>
    </message>
    <message>
        <source>Pause while these programs run</source>
        <translation>Пауза, пока запущены эти программы</translation>
    </message>
    <message>
        <source>Tick the programs (games, editors, renderers) that need the GPU to themselves.</source>
        <translation>Отметьте программы (игры, редакторы, рендереры), которым видеокарта нужна целиком.</translation>
    </message>
    <message>
        <source>Running programs</source>
        <translation>Запущенные программы</translation>
    </message>
    <message>
        <source>The running programs could not be read yet; type names instead.</source>
        <translation>Список запущенных программ пока недоступен; введите имена вручную.</translation>
    </message>
</context>
<context>
    <name>cocoon::ui::LimitsPage</name>
    <message>
        <source>When may Cocoon work?</source>
        <translation>Когда Cocoon может работать?</translation>
    </message>
    <message>
        <source>Pick a starting point; every limit can be changed later on the Limits page.</source>
        <translation>Выберите отправную точку; любое ограничение можно потом изменить на странице «Ограничения».</translation>
    </message>
    <message>
        <source>&amp;Gamer</source>
        <translation>&amp;Геймер</translation>
    </message>
    <message>
        <source>Only when you have been away for 3 minutes; never while a game or video is full screen; stops at once when you come back.</source>
        <translation>Только когда вас нет 3 минуты; никогда во время полноэкранной игры или видео; сразу останавливается, когда вы возвращаетесь.</translation>
    </message>
    <message>
        <source>&amp;Balanced</source>
        <translation>&amp;Сбалансированный</translation>
    </message>
    <message>
        <source>A gentle 30% while you use the computer, everything while you are away; pauses for full-screen apps.</source>
        <translation>Мягкие 30%, пока вы за компьютером, и всё, пока вас нет; пауза для полноэкранных приложений.</translation>
    </message>
    <message>
        <source>&amp;Maximum</source>
        <translation>&amp;Максимум</translation>
    </message>
    <message>
        <source>All the time at full speed (a dedicated rig). Temperature and power caps still apply.</source>
        <translation>Всё время на полной скорости (выделенная ферма). Пределы температуры и мощности продолжают действовать.</translation>
    </message>
</context>
<context>
    <name>cocoon::ui::NetworkPage</name>
    <message>
        <source>Which network?</source>
        <translation>Какая сеть?</translation>
    </message>
    <message>
        <source>Try everything on a local demo network first, or join a coordinator.</source>
        <translation>Сначала попробуйте всё в локальной демо-сети или подключитесь к координатору.</translation>
    </message>
    <message>
        <source>The local &amp;demo network (test TON, nothing leaves this computer)</source>
        <translation>Локальная &amp;демо-сеть (тестовые TON, ничего не покидает этот компьютер)</translation>
    </message>
    <message>
        <source>&amp;Join a coordinator</source>
        <translation>&amp;Подключиться к координатору</translation>
    </message>
    <message>
        <source>Coordinator address</source>
        <translation>Адрес координатора</translation>
    </message>
    <message>
        <source>64 hex digits (optional: without it the system&apos;s CAs are trusted)</source>
        <translation>64 шестнадцатеричные цифры (необязательно: без них доверие системным УЦ)</translation>
    </message>
    <message>
        <source>Coordinator key pin</source>
        <translation>Отпечаток ключа координатора</translation>
    </message>
    <message>
        <source>Address:</source>
        <translation>Адрес:</translation>
    </message>
    <message>
        <source>Key pin:</source>
        <translation>Отпечаток ключа:</translation>
    </message>
    <message>
        <source>Enter the coordinator&apos;s address.</source>
        <translation>Введите адрес координатора.</translation>
    </message>
</context>
<context>
    <name>cocoon::ui::PhrasePage</name>
    <message>
        <source>Your new wallet&apos;s recovery phrase</source>
        <translation>Фраза восстановления нового кошелька</translation>
    </message>
    <message>
        <source>Write these 24 words on paper, in order. Anyone who has them can take your TON; no one can recover them for you. They are shown only now.</source>
        <translation>Запишите эти 24 слова на бумаге по порядку. Любой, у кого они есть, может забрать ваши TON; восстановить их за вас никто не сможет. Они показываются только сейчас.</translation>
    </message>
    <message>
        <source>I have &amp;written the 24 words down</source>
        <translation>Я &amp;записал(а) все 24 слова</translation>
    </message>
</context>
<context>
    <name>cocoon::ui::ReceiptsModel</name>
    <message>
        <source>acknowledged</source>
        <translation>подтверждено</translation>
    </message>
    <message>
        <source>awaiting acknowledgement</source>
        <translation>ожидает подтверждения</translation>
    </message>
    <message>
        <source>Finished</source>
        <translation>Завершено</translation>
    </message>
    <message>
        <source>Kernel</source>
        <translation>Ядро</translation>
    </message>
    <message>
        <source>Device</source>
        <translation>Устройство</translation>
    </message>
    <message>
        <source>Units</source>
        <translation>Единицы</translation>
    </message>
    <message>
        <source>Price (TON)</source>
        <translation>Цена (TON)</translation>
    </message>
    <message>
        <source>Coordinator</source>
        <translation>Координатор</translation>
    </message>
    <message>
        <source>Job</source>
        <translation>Задание</translation>
    </message>
    <message>
        <source>The coordinator refused to credit this result: %1</source>
        <translation>Координатор отказался засчитать этот результат: %1</translation>
    </message>
    <message>
        <source>refused, not earned: %1</source>
        <translation>отклонено, не заработано: %1</translation>
    </message>
</context>
<context>
    <name>cocoon::ui::ScheduleGrid</name>
    <message>
        <source>Weekly schedule: the hours work is allowed</source>
        <translation>Недельное расписание: часы, когда работа разрешена</translation>
    </message>
    <message>
        <source>%1 %2:00, allowed</source>
        <translation>%1 %2:00, разрешено</translation>
    </message>
    <message>
        <source>%1 %2:00, not allowed</source>
        <translation>%1 %2:00, запрещено</translation>
    </message>
</context>
<context>
    <name>cocoon::ui::Tray</name>
    <message>
        <source>&amp;Open Cocoon Contributor</source>
        <translation>&amp;Открыть Cocoon Contributor</translation>
    </message>
    <message>
        <source>&amp;Pause</source>
        <translation>&amp;Пауза</translation>
    </message>
    <message>
        <source>&amp;Resume</source>
        <translation>&amp;Продолжить</translation>
    </message>
    <message>
        <source>&amp;Snooze</source>
        <translation>&amp;Отложить</translation>
    </message>
    <message>
        <source>For 15 minutes</source>
        <translation>На 15 минут</translation>
    </message>
    <message>
        <source>For 1 hour</source>
        <translation>На 1 час</translation>
    </message>
    <message>
        <source>Until tomorrow</source>
        <translation>До завтра</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Выход</translation>
    </message>
    <message>
        <source>Cocoon Contributor: working</source>
        <translation>Cocoon Contributor: работает</translation>
    </message>
    <message>
        <source>Cocoon Contributor: working gently (%1)</source>
        <translation>Cocoon Contributor: работает бережно (%1)</translation>
    </message>
    <message>
        <source>Cocoon Contributor: paused — %1</source>
        <translation>Cocoon Contributor: пауза — %1</translation>
    </message>
    <message>
        <source>Cocoon Contributor: %1</source>
        <translation>Cocoon Contributor: %1</translation>
    </message>
    <message>
        <source>%1% of the time</source>
        <translation>%1% времени</translation>
    </message>
    <message>
        <source>Paused for you</source>
        <translation>Пауза ради вас</translation>
    </message>
    <message>
        <source>Payout received</source>
        <translation>Получена выплата</translation>
    </message>
    <message>
        <source>%1 test TON arrived in your wallet.</source>
        <translation>На ваш кошелёк поступило %1 тестовых TON.</translation>
    </message>
    <message>
        <source>%1 TON arrived in your wallet.</source>
        <translation>На ваш кошелёк поступило %1 TON.</translation>
    </message>
    <message>
        <source>Cocoon Contributor needs attention</source>
        <translation>Cocoon Contributor требует внимания</translation>
    </message>
</context>
<context>
    <name>cocoon::ui::WalletPage</name>
    <message numerus="yes">
        <source>%n second(s) ago</source>
        <translation>
            <numerusform>%n секунду назад</numerusform>
            <numerusform>%n секунды назад</numerusform>
            <numerusform>%n секунд назад</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n minute(s) ago</source>
        <translation>
            <numerusform>%n минуту назад</numerusform>
            <numerusform>%n минуты назад</numerusform>
            <numerusform>%n минут назад</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n hour(s) ago</source>
        <translation>
            <numerusform>%n час назад</numerusform>
            <numerusform>%n часа назад</numerusform>
            <numerusform>%n часов назад</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n day(s) ago</source>
        <translation>
            <numerusform>%n день назад</numerusform>
            <numerusform>%n дня назад</numerusform>
            <numerusform>%n дней назад</numerusform>
        </translation>
    </message>
    <message>
        <source>QR code of the payout address</source>
        <translation>QR-код адреса для выплат</translation>
    </message>
    <message>
        <source>Copy address</source>
        <translation>Копировать адрес</translation>
    </message>
    <message>
        <source>When</source>
        <translation>Когда</translation>
    </message>
    <message>
        <source>Amount</source>
        <translation>Сумма</translation>
    </message>
    <message>
        <source>Fee</source>
        <translation>Комиссия</translation>
    </message>
    <message>
        <source>Comment</source>
        <translation>Комментарий</translation>
    </message>
    <message>
        <source>Payouts seen on chain</source>
        <translation>Выплаты, найденные в блокчейне</translation>
    </message>
    <message>
        <source>Payout address: %1</source>
        <translation>Адрес для выплат: %1</translation>
    </message>
    <message>
        <source>Balance: not read yet.</source>
        <translation>Баланс: ещё не считан.</translation>
    </message>
    <message>
        <source>Balance: unknown — %1</source>
        <translation>Баланс: неизвестен — %1</translation>
    </message>
    <message>
        <source>Balance %1 TON (%2, read %3)</source>
        <translation>Баланс %1 TON (%2, считан %3)</translation>
    </message>
    <message>
        <source>The chain cannot be reached now (%1); this is the last reading.</source>
        <translation>Блокчейн сейчас недоступен (%1); это последнее показание.</translation>
    </message>
    <message>
        <source>The ledger is not open: payouts and credits cannot be reconciled.</source>
        <translation>Реестр не открыт: сверить выплаты и зачисления невозможно.</translation>
    </message>
    <message>
        <source>Credited by coordinators (signed): %1 TON · Paid on chain: %2 TON · </source>
        <translation>Зачислено координаторами (подписано): %1 TON · Выплачено в блокчейне: %2 TON · </translation>
    </message>
    <message>
        <source>Awaiting payout: %1 TON</source>
        <translation>Ожидает выплаты: %1 TON</translation>
    </message>
    <message>
        <source>Paid %1 TON more than credited</source>
        <translation>Выплачено на %1 TON больше, чем зачислено</translation>
    </message>
    <message>
        <source>Last payout %1 TON, %2</source>
        <translation>Последняя выплата %1 TON, %2</translation>
    </message>
    <message>
        <source>No payout address yet. Choose File &gt; Set up again… to paste one or create a wallet; only the address is needed to earn.</source>
        <translation>Адрес для выплат ещё не задан. Выберите Файл &gt; Настроить заново…, чтобы вставить адрес или создать кошелёк; для заработка нужен только адрес.</translation>
    </message>
    <message>
        <source>The coordinator reports %1 TON paid; %2 TON of it has not been seen on chain yet.</source>
        <translation>Координатор сообщает о выплате %1 TON; %2 TON из них ещё не видны в блокчейне.</translation>
    </message>
    <message>
        <source>Overdue: %1 TON has been above the coordinator&apos;s payout threshold (%2 TON) since %3 and has not arrived.</source>
        <translation>Просрочено: %1 TON превышают порог выплаты координатора (%2 TON) с %3 и до сих пор не поступили.</translation>
    </message>
    <message>
        <source>Demo network: test TON, not money. They are paid out on an emulated TON chain when it runs here (Node.js and make deps); the balance above is your real wallet&apos;s.</source>
        <translation>Демо-сеть: тестовые TON, а не деньги. Они выплачиваются в эмулированной сети TON, если она здесь запущена (Node.js и make deps); баланс выше — это ваш настоящий кошелёк.</translation>
    </message>
</context>
<context>
    <name>cocoon::ui::WalletPageW</name>
    <message>
        <source>Where should your earnings go?</source>
        <translation>Куда перечислять доход?</translation>
    </message>
    <message>
        <source>Earnings are paid in TON to a wallet you own. Cocoon keeps only its address.</source>
        <translation>Доход выплачивается в TON на ваш кошелёк. Cocoon хранит только его адрес.</translation>
    </message>
    <message>
        <source>I have a TON wallet: &amp;paste its address</source>
        <translation>У меня есть кошелёк TON: &amp;вставить адрес</translation>
    </message>
    <message>
        <source>&amp;Create a new wallet for me</source>
        <translation>&amp;Создать новый кошелёк</translation>
    </message>
    <message>
        <source>UQ… or EQ… or 0:…</source>
        <translation>UQ… или EQ… или 0:…</translation>
    </message>
    <message>
        <source>Payout address</source>
        <translation>Адрес для выплат</translation>
    </message>
    <message>
        <source>You will see 24 words once. Write them on paper: they are the only way to spend what arrives. Cocoon forgets them as soon as you have confirmed them.</source>
        <translation>Вы увидите 24 слова один раз. Запишите их на бумаге: это единственный способ распоряжаться полученным. Cocoon забудет их сразу после подтверждения.</translation>
    </message>
    <message>
        <source>Paste the address from your wallet app (Tonkeeper, MyTonWallet, …).</source>
        <translation>Вставьте адрес из приложения кошелька (Tonkeeper, MyTonWallet, …).</translation>
    </message>
    <message>
        <source>Not a TON address: %1</source>
        <translation>Это не адрес TON: %1</translation>
    </message>
    <message>
        <source>This is a testnet address; earnings are paid on the main network.</source>
        <translation>Это адрес тестовой сети; доход выплачивается в основной сети.</translation>
    </message>
    <message>
        <source>✔ A valid address (workchain %1).</source>
        <translation>✔ Верный адрес (workchain %1).</translation>
    </message>
</context>
<context>
    <name>cocoon::wallet::Address</name>
    <message>
        <source>invalid TON address: %1</source>
        <translation>неверный адрес TON: %1</translation>
    </message>
    <message>
        <source>the workchain before &apos;:&apos; must be a number (0 or -1), not &apos;%1&apos;</source>
        <translation>workchain перед «:» должен быть числом (0 или -1), а не «%1»</translation>
    </message>
    <message>
        <source>workchain %1 does not exist; TON has 0 (basechain) and -1 (masterchain)</source>
        <translation>workchain %1 не существует; в TON есть 0 (basechain) и -1 (masterchain)</translation>
    </message>
    <message>
        <source>&apos;%1&apos; at position %2 is not a hex digit</source>
        <translation>«%1» в позиции %2 — не шестнадцатеричная цифра</translation>
    </message>
    <message>
        <source>the account id after &apos;:&apos; must be 64 hex digits, not %1</source>
        <translation>идентификатор счёта после «:» должен состоять из 64 шестнадцатеричных цифр, а не %1</translation>
    </message>
    <message>
        <source>&apos;%1&apos; at position %2 is neither base64 nor base64url</source>
        <translation>«%1» в позиции %2 не относится ни к base64, ни к base64url</translation>
    </message>
    <message>
        <source>a user-friendly address has 48 characters, this one has %1</source>
        <translation>в удобочитаемом адресе 48 символов, а в этом %1</translation>
    </message>
    <message>
        <source>the text does not decode as base64</source>
        <translation>текст не декодируется как base64</translation>
    </message>
    <message>
        <source>the checksum does not match; a character was probably mistyped or lost</source>
        <translation>контрольная сумма не совпадает; вероятно, символ введён с ошибкой или пропущен</translation>
    </message>
    <message>
        <source>unknown flags 0x%1</source>
        <translation>неизвестные флаги 0x%1</translation>
    </message>
    <message>
        <source>the address is empty</source>
        <translation>адрес пуст</translation>
    </message>
</context>
</TS>

// Linux: what the user is doing and what the machine is running.
//
//   idle time   Wayland ext-idle-notify-v1 (KDE, wlroots compositors) in Wayland sessions; X11
//               XScreenSaver (MIT-SCREEN-SAVER) in X11 sessions; GNOME Mutter's IdleMonitor on the
//               session bus (also Wayland); logind's IdleHint on the system bus as the coarse
//               fallback. The first that answers wins; a source that fails is skipped for 10 s.
//   locked      logind LockedHint.
//   full screen the active window's _NET_WM_STATE_FULLSCREEN (X11, and X11 apps under XWayland,
//               which is where most games run).
//   processes   /proc/<pid>/comm        power   /sys/class/power_supply
//
// X11 and Wayland are reached through libxcb and libwayland-client loaded at run time
// (common/SharedLibrary), so the headless service needs neither; xcb reports errors per request —
// Xlib's process-wide error handlers would exit the app when the X server goes away.
#include "common/SharedLibrary.h"
#include "sched/SystemProbe.h"

#include <QDBusArgument>
#include <QDBusConnection>
#include <QDBusConnectionInterface>
#include <QDBusMessage>
#include <QDBusObjectPath>
#include <QDir>
#include <QFile>
#include <QUuid>

#ifdef COCOON_HAVE_XCB_HEADERS
#include <xcb/screensaver.h>
#include <xcb/xcb.h>
#endif

#include <cstdlib>
#ifdef COCOON_HAVE_WAYLAND_HEADERS
#include <wayland-client-core.h>
#endif

#include <poll.h>
#include <unistd.h>

namespace cocoon::sched {
namespace {

using namespace std::chrono_literals;

QByteArray readSmall(const QString& path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.read(256).trimmed() : QByteArray();
}

QString processName(const QString& procRoot, quint32 pid)
{
    return QString::fromUtf8(readSmall(QStringLiteral("%1/%2/comm").arg(procRoot).arg(pid)));
}

/// A source that failed is not asked again for a while, so that a dead bus or display costs
/// nothing per tick.
struct Backoff
{
    std::optional<Clock::Monotonic> retryAt;
    QString lastError;
    bool ready(Clock::Monotonic now) const { return !retryAt || now >= *retryAt; }
    /// Returns the reason, for the caller to pass on.
    const QString& failed(Clock::Monotonic now, QString why, std::chrono::seconds wait = 10s)
    {
        retryAt = now + wait;
        lastError = std::move(why);
        return lastError;
    }
    void succeeded() { retryAt.reset(); }
};

#ifdef COCOON_HAVE_XCB_HEADERS

/// The few libxcb entry points used, resolved at run time. Loaded once; the libraries stay loaded
/// for the life of the process (unloading libxcb under a live connection is never safe).
struct XcbApi
{
    decltype(&xcb_connect) connect = nullptr;
    decltype(&xcb_connection_has_error) hasError = nullptr;
    decltype(&xcb_disconnect) disconnect = nullptr;
    decltype(&xcb_get_setup) getSetup = nullptr;
    decltype(&xcb_setup_roots_iterator) rootsIterator = nullptr;
    decltype(&xcb_intern_atom) internAtom = nullptr;
    decltype(&xcb_intern_atom_reply) internAtomReply = nullptr;
    decltype(&xcb_get_property) getProperty = nullptr;
    decltype(&xcb_get_property_reply) getPropertyReply = nullptr;
    decltype(&xcb_get_property_value) propertyValue = nullptr;
    decltype(&xcb_get_property_value_length) propertyValueLength = nullptr;
    decltype(&xcb_get_extension_data) extensionData = nullptr;
    decltype(&xcb_screensaver_query_info) queryInfo = nullptr;
    decltype(&xcb_screensaver_query_info_reply) queryInfoReply = nullptr;
    xcb_extension_t* screensaverId = nullptr;
    QString error; ///< why it could not be loaded

    static const XcbApi& get()
    {
        static const XcbApi api = load();
        return api;
    }

private:
    static XcbApi load()
    {
        XcbApi a;
        const auto xcb = SharedLibrary::load(QStringLiteral("libxcb.so.1"));
        const auto ss = xcb ? SharedLibrary::load(QStringLiteral("libxcb-screensaver.so.0")) : xcb;
        if (!xcb || !ss) {
            a.error = QStringLiteral("%1 is not installed").arg(xcb ? "libxcb-screensaver.so.0" : "libxcb.so.1");
            return a;
        }
        bool ok = true;
        const auto sym
            = [&ok](const SharedLibrary& lib, auto& fn, const char* name) { ok = lib.resolve(fn, {name}) && ok; };
        sym(*xcb, a.connect, "xcb_connect");
        sym(*xcb, a.hasError, "xcb_connection_has_error");
        sym(*xcb, a.disconnect, "xcb_disconnect");
        sym(*xcb, a.getSetup, "xcb_get_setup");
        sym(*xcb, a.rootsIterator, "xcb_setup_roots_iterator");
        sym(*xcb, a.internAtom, "xcb_intern_atom");
        sym(*xcb, a.internAtomReply, "xcb_intern_atom_reply");
        sym(*xcb, a.getProperty, "xcb_get_property");
        sym(*xcb, a.getPropertyReply, "xcb_get_property_reply");
        sym(*xcb, a.propertyValue, "xcb_get_property_value");
        sym(*xcb, a.propertyValueLength, "xcb_get_property_value_length");
        sym(*xcb, a.extensionData, "xcb_get_extension_data");
        sym(*ss, a.queryInfo, "xcb_screensaver_query_info");
        sym(*ss, a.queryInfoReply, "xcb_screensaver_query_info_reply");
        sym(*ss, a.screensaverId, "xcb_screensaver_id");
        if (!ok) {
            a = XcbApi();
            a.error = QStringLiteral("libxcb lacks an expected function");
        }
        return a;
    }
};

/// One connection to an X server, reopened when it breaks.
class X11Session
{
public:
    explicit X11Session(QString display)
        : m_display(std::move(display))
    { }
    ~X11Session() { close(); }
    X11Session(const X11Session&) = delete;
    X11Session& operator=(const X11Session&) = delete;

    QString display() const { return m_display; }

    /// Milliseconds since the last input the X server saw, or the reason there is no answer.
    Expected<std::uint32_t, QString> idleMs(Clock::Monotonic now)
    {
        if (auto e = ensureOpen(now))
            return unexpected(*e);
        if (!m_hasScreensaver)
            return unexpected(QStringLiteral("the X server on %1 has no MIT-SCREEN-SAVER extension").arg(m_display));
        const XcbApi& x = XcbApi::get();
        xcb_generic_error_t* err = nullptr;
        auto* reply = x.queryInfoReply(m_conn, x.queryInfo(m_conn, m_root), &err);
        std::free(err);
        if (!reply)
            return unexpected(lost(now));
        const std::uint32_t ms = reply->ms_since_user_input;
        std::free(reply);
        return ms;
    }

    /// The process name (or window class) of the active window when it is full screen; empty
    /// when it is not.
    Expected<std::optional<QString>, QString> fullscreenApp(Clock::Monotonic now, const QString& procRoot)
    {
        if (auto e = ensureOpen(now))
            return unexpected(*e);
        const QByteArray active = property(m_root, m_netActiveWindow, XCB_ATOM_WINDOW);
        if (m_conn && XcbApi::get().hasError(m_conn))
            return unexpected(lost(now));
        if (active.size() < 4)
            return std::optional<QString>(); // no window manager, or no window active
        const xcb_window_t window = *reinterpret_cast<const std::uint32_t*>(active.constData());
        if (window == XCB_WINDOW_NONE)
            return std::optional<QString>();
        const QByteArray state = property(window, m_netWmState, XCB_ATOM_ATOM);
        bool fullscreen = false;
        for (qsizetype i = 0; i + 4 <= state.size(); i += 4) {
            fullscreen = fullscreen || *reinterpret_cast<const std::uint32_t*>(state.constData() + i) == m_fullscreen;
        }
        if (!fullscreen)
            return std::optional<QString>();
        const QByteArray pid = property(window, m_netWmPid, XCB_ATOM_CARDINAL);
        if (pid.size() >= 4) {
            const QString name = processName(procRoot, *reinterpret_cast<const std::uint32_t*>(pid.constData()));
            if (!name.isEmpty())
                return std::optional(name);
        }
        // WM_CLASS is "instance\0class\0": the class names the application.
        const QList<QByteArray> wmClass = property(window, XCB_ATOM_WM_CLASS, XCB_ATOM_STRING).split('\0');
        if (wmClass.size() >= 2 && !wmClass[1].isEmpty())
            return std::optional(QString::fromUtf8(wmClass[1]));
        return std::optional(QStringLiteral("a full-screen window"));
    }

private:
    /// nullopt when connected; else why not.
    std::optional<QString> ensureOpen(Clock::Monotonic now)
    {
        if (m_conn)
            return std::nullopt;
        if (!m_backoff.ready(now))
            return m_backoff.lastError;
        const XcbApi& x = XcbApi::get();
        if (!x.connect) {
            return m_backoff.failed(now, x.error);
        }
        int screen = 0;
        m_conn = x.connect(m_display.toLocal8Bit().constData(), &screen);
        if (x.hasError(m_conn)) {
            close();
            return m_backoff.failed(now, QStringLiteral("cannot connect to the X server on %1").arg(m_display));
        }
        auto it = x.rootsIterator(x.getSetup(m_conn));
        for (int i = 0; i < screen && it.rem > 0; ++i) {
            --it.rem;
            ++it.data;
        }
        m_root = it.data ? it.data->root : 0;
        const xcb_query_extension_reply_t* ext = x.extensionData(m_conn, x.screensaverId);
        m_hasScreensaver = ext && ext->present;
        m_netActiveWindow = atom("_NET_ACTIVE_WINDOW");
        m_netWmState = atom("_NET_WM_STATE");
        m_fullscreen = atom("_NET_WM_STATE_FULLSCREEN");
        m_netWmPid = atom("_NET_WM_PID");
        m_backoff.succeeded();
        return std::nullopt;
    }

    QString lost(Clock::Monotonic now)
    {
        close();
        return m_backoff.failed(now, QStringLiteral("lost the connection to the X server on %1").arg(m_display));
    }

    void close()
    {
        if (m_conn)
            XcbApi::get().disconnect(m_conn);
        m_conn = nullptr;
    }

    xcb_atom_t atom(const char* name)
    {
        const XcbApi& x = XcbApi::get();
        auto* reply = x.internAtomReply(m_conn, x.internAtom(m_conn, 0, std::uint16_t(strlen(name)), name), nullptr);
        const xcb_atom_t a = reply ? reply->atom : xcb_atom_t(XCB_ATOM_NONE);
        std::free(reply);
        return a;
    }

    /// The raw value of a window property (empty when absent, of another type, or the window is gone).
    QByteArray property(xcb_window_t window, xcb_atom_t name, xcb_atom_t type)
    {
        const XcbApi& x = XcbApi::get();
        xcb_generic_error_t* err = nullptr;
        auto* reply = x.getPropertyReply(m_conn, x.getProperty(m_conn, 0, window, name, type, 0, 256), &err);
        std::free(err);
        if (!reply)
            return {};
        QByteArray value;
        if (reply->type == type)
            value = QByteArray(static_cast<const char*>(x.propertyValue(reply)), x.propertyValueLength(reply));
        std::free(reply);
        return value;
    }

    QString m_display;
    xcb_connection_t* m_conn = nullptr;
    xcb_window_t m_root = 0;
    bool m_hasScreensaver = false;
    xcb_atom_t m_netActiveWindow = 0, m_netWmState = 0, m_fullscreen = 0, m_netWmPid = 0;
    Backoff m_backoff;
};

#else

/// Built without the xcb headers: X11 is reported unavailable.
class X11Session
{
public:
    explicit X11Session(QString display)
        : m_display(std::move(display))
    { }
    QString display() const { return m_display; }
    Expected<std::uint32_t, QString> idleMs(Clock::Monotonic)
    {
        return unexpected(QStringLiteral("this build has no X11 support"));
    }
    Expected<std::optional<QString>, QString> fullscreenApp(Clock::Monotonic, const QString&)
    {
        return unexpected(QStringLiteral("this build has no X11 support"));
    }

private:
    QString m_display;
};

#endif

#ifdef COCOON_HAVE_WAYLAND_HEADERS

/// The libwayland-client entry points used, resolved at run time; loaded once, never unloaded.
struct WaylandApi
{
    decltype(&wl_display_connect) connect = nullptr;
    decltype(&wl_display_disconnect) disconnect = nullptr;
    decltype(&wl_display_get_fd) getFd = nullptr;
    decltype(&wl_display_roundtrip) roundtrip = nullptr;
    decltype(&wl_display_prepare_read) prepareRead = nullptr;
    decltype(&wl_display_read_events) readEvents = nullptr;
    decltype(&wl_display_cancel_read) cancelRead = nullptr;
    decltype(&wl_display_dispatch_pending) dispatchPending = nullptr;
    decltype(&wl_display_flush) flush = nullptr;
    decltype(&wl_display_get_error) getError = nullptr;
    decltype(&wl_proxy_marshal_flags) marshalFlags = nullptr;
    decltype(&wl_proxy_add_listener) addListener = nullptr;
    decltype(&wl_proxy_get_version) getVersion = nullptr;
    decltype(&wl_proxy_destroy) destroy = nullptr;
    const wl_interface* registryInterface = nullptr;
    const wl_interface* seatInterface = nullptr;
    QString error;

    static const WaylandApi& get()
    {
        static const WaylandApi api = load();
        return api;
    }

private:
    static WaylandApi load()
    {
        WaylandApi a;
        const auto lib = SharedLibrary::load(QStringLiteral("libwayland-client.so.0"));
        if (!lib) {
            a.error = QStringLiteral("libwayland-client.so.0 is not installed");
            return a;
        }
        bool ok = true;
        const auto sym = [&ok, &lib](auto& fn, const char* name) { ok = lib->resolve(fn, {name}) && ok; };
        sym(a.connect, "wl_display_connect");
        sym(a.disconnect, "wl_display_disconnect");
        sym(a.getFd, "wl_display_get_fd");
        sym(a.roundtrip, "wl_display_roundtrip");
        sym(a.prepareRead, "wl_display_prepare_read");
        sym(a.readEvents, "wl_display_read_events");
        sym(a.cancelRead, "wl_display_cancel_read");
        sym(a.dispatchPending, "wl_display_dispatch_pending");
        sym(a.flush, "wl_display_flush");
        sym(a.getError, "wl_display_get_error");
        sym(a.marshalFlags, "wl_proxy_marshal_flags");
        sym(a.addListener, "wl_proxy_add_listener");
        sym(a.getVersion, "wl_proxy_get_version");
        sym(a.destroy, "wl_proxy_destroy");
        sym(a.registryInterface, "wl_registry_interface");
        sym(a.seatInterface, "wl_seat_interface");
        if (!ok) {
            a = WaylandApi();
            a.error = QStringLiteral("libwayland-client is older than 1.20 (no wl_proxy_marshal_flags)");
        }
        return a;
    }
};

// The two interfaces of ext-idle-notify-v1, written out by hand: wayland-scanner's generated code
// links against libwayland-client at build time, which loading it at run time avoids. They follow
// /usr/share/wayland-protocols/staging/ext-idle-notify/ext-idle-notify-v1.xml exactly.
const wl_interface* g_getNotificationTypes[3] = {};
const wl_message kNotifierRequests[]
    = {{"destroy", "", nullptr}, {"get_idle_notification", "nuo", g_getNotificationTypes}};
const wl_message kNotificationRequests[] = {{"destroy", "", nullptr}};
const wl_message kNotificationEvents[] = {{"idled", "", nullptr}, {"resumed", "", nullptr}};
const wl_interface kNotifierInterface = {"ext_idle_notifier_v1", 1, 2, kNotifierRequests, 0, nullptr};
const wl_interface kNotificationInterface
    = {"ext_idle_notification_v1", 1, 1, kNotificationRequests, 2, kNotificationEvents};

/// One connection to a Wayland compositor with an idle notification of 1 s: "idled" after a
/// second without input, "resumed" at the next input. Idle time is the time since "idled" plus
/// that second. Events are read without blocking at every poll.
class WaylandIdle
{
public:
    WaylandIdle(QString display, const Clock& clock)
        : m_display(std::move(display))
        , m_clock(clock)
    { }
    ~WaylandIdle() { close(); }
    WaylandIdle(const WaylandIdle&) = delete;
    WaylandIdle& operator=(const WaylandIdle&) = delete;

    Expected<std::chrono::seconds, QString> idle(Clock::Monotonic now)
    {
        if (auto e = ensureOpen(now))
            return unexpected(*e);
        const WaylandApi& w = WaylandApi::get();
        // Read whatever the compositor sent, without waiting (the documented non-blocking pattern).
        while (w.prepareRead(m_conn) != 0)
            w.dispatchPending(m_conn);
        w.flush(m_conn);
        pollfd p {w.getFd(m_conn), POLLIN, 0};
        if (poll(&p, 1, 0) > 0)
            w.readEvents(m_conn);
        else
            w.cancelRead(m_conn);
        w.dispatchPending(m_conn);
        if (w.getError(m_conn) != 0) {
            close();
            return unexpected(m_backoff.failed(now, QStringLiteral("lost the connection to the Wayland compositor")));
        }
        if (!m_idleSince)
            return std::chrono::seconds(0);
        return std::chrono::duration_cast<std::chrono::seconds>(now - *m_idleSince) + std::chrono::seconds(1);
    }

private:
    std::optional<QString> ensureOpen(Clock::Monotonic now)
    {
        if (m_conn)
            return std::nullopt;
        if (!m_backoff.ready(now))
            return m_backoff.lastError;
        const WaylandApi& w = WaylandApi::get();
        if (!w.connect) {
            return m_backoff.failed(now, w.error);
        }
        m_conn = w.connect(m_display.toLocal8Bit().constData());
        if (!m_conn) {
            return m_backoff.failed(
                now, QStringLiteral("cannot connect to the Wayland compositor at %1").arg(m_display));
        }
        g_getNotificationTypes[0] = &kNotificationInterface;
        g_getNotificationTypes[2] = w.seatInterface;
        auto* display = reinterpret_cast<wl_proxy*>(m_conn);
        m_registry = w.marshalFlags(
            display, 1 /* wl_display.get_registry */, w.registryInterface, w.getVersion(display), 0, nullptr);
        static const RegistryListener listener {&WaylandIdle::onGlobal, &WaylandIdle::onGlobalRemove};
        w.addListener(m_registry, reinterpret_cast<void (**)(void)>(const_cast<RegistryListener*>(&listener)), this);
        w.roundtrip(m_conn); // the globals arrive
        if (!m_notifier || !m_seat) {
            const QString why = m_notifier ? QStringLiteral("the compositor offers no seat")
                                           : QStringLiteral("the compositor does not offer ext-idle-notify-v1");
            close();
            return m_backoff.failed(now, why, m_notifier ? 10s : 600s); // a compositor does not gain it soon
        }
        m_notification = w.marshalFlags(m_notifier, 1 /* get_idle_notification */, &kNotificationInterface,
            w.getVersion(m_notifier), 0, nullptr, std::uint32_t(1000), m_seat);
        static const NotificationListener events {&WaylandIdle::onIdled, &WaylandIdle::onResumed};
        w.addListener(
            m_notification, reinterpret_cast<void (**)(void)>(const_cast<NotificationListener*>(&events)), this);
        w.flush(m_conn);
        m_idleSince.reset();
        m_backoff.succeeded();
        return std::nullopt;
    }

    void close()
    {
        const WaylandApi& w = WaylandApi::get();
        for (wl_proxy** p : {&m_notification, &m_notifier, &m_seat, &m_registry}) {
            if (*p)
                w.destroy(*p);
            *p = nullptr;
        }
        if (m_conn)
            w.disconnect(m_conn);
        m_conn = nullptr;
    }

    struct RegistryListener
    {
        void (*global)(void*, wl_proxy*, std::uint32_t, const char*, std::uint32_t);
        void (*globalRemove)(void*, wl_proxy*, std::uint32_t);
    };
    struct NotificationListener
    {
        void (*idled)(void*, wl_proxy*);
        void (*resumed)(void*, wl_proxy*);
    };

    static void onGlobal(void* data, wl_proxy* registry, std::uint32_t name, const char* interface, std::uint32_t)
    {
        auto* self = static_cast<WaylandIdle*>(data);
        const WaylandApi& w = WaylandApi::get();
        const auto bind = [&](const wl_interface* iface) {
            return w.marshalFlags(registry, 0 /* wl_registry.bind */, iface, 1, 0, name, iface->name, 1u, nullptr);
        };
        if (std::strcmp(interface, kNotifierInterface.name) == 0 && !self->m_notifier)
            self->m_notifier = bind(&kNotifierInterface);
        else if (std::strcmp(interface, "wl_seat") == 0 && !self->m_seat)
            self->m_seat = bind(w.seatInterface);
    }
    static void onGlobalRemove(void*, wl_proxy*, std::uint32_t) { }
    static void onIdled(void* data, wl_proxy*)
    {
        auto* self = static_cast<WaylandIdle*>(data);
        self->m_idleSince = self->m_clock.monotonic();
    }
    static void onResumed(void* data, wl_proxy*) { static_cast<WaylandIdle*>(data)->m_idleSince.reset(); }

    QString m_display;
    const Clock& m_clock;
    wl_display* m_conn = nullptr;
    wl_proxy* m_registry = nullptr;
    wl_proxy* m_notifier = nullptr;
    wl_proxy* m_seat = nullptr;
    wl_proxy* m_notification = nullptr;
    std::optional<Clock::Monotonic> m_idleSince;
    Backoff m_backoff;
};

#else

class WaylandIdle
{
public:
    WaylandIdle(QString, const Clock&) { }
    Expected<std::chrono::seconds, QString> idle(Clock::Monotonic)
    {
        return unexpected(QStringLiteral("this build has no Wayland support"));
    }
};

#endif

/// A private connection to a D-Bus bus by address, closed on destruction.
class Bus
{
public:
    explicit Bus(const QString& address)
        : m_name(QStringLiteral("cocoon-probe-") + QUuid::createUuid().toString(QUuid::WithoutBraces))
        , m_conn(QDBusConnection::connectToBus(address, m_name))
    { }
    ~Bus() { QDBusConnection::disconnectFromBus(m_name); }
    Bus(const Bus&) = delete;
    Bus& operator=(const Bus&) = delete;

    bool connected() const { return m_conn.isConnected(); }
    /// A blocking call with a short timeout: the probe runs every 50 ms and must never hang.
    Expected<QList<QVariant>, QString> call(const QString& service, const QString& path, const QString& interface,
        const QString& method, const QList<QVariant>& args = {})
    {
        if (!m_conn.isConnected())
            return unexpected(QStringLiteral("not connected"));
        QDBusMessage msg = QDBusMessage::createMethodCall(service, path, interface, method);
        msg.setArguments(args);
        const QDBusMessage reply = m_conn.call(msg, QDBus::Block, 250);
        if (reply.type() != QDBusMessage::ReplyMessage)
            return unexpected(reply.errorMessage().isEmpty() ? reply.errorName() : reply.errorMessage());
        return reply.arguments();
    }

private:
    QString m_name;
    QDBusConnection m_conn;
};

/// logind's view of our session: IdleHint/IdleSinceHint and LockedHint, read at most every 250 ms.
class Logind
{
public:
    explicit Logind(const QString& address)
        : m_bus(address)
    { }

    struct State
    {
        bool idle = false;
        std::uint64_t idleSinceUs = 0; ///< CLOCK_REALTIME microseconds
        bool locked = false;
    };

    Expected<State, QString> read(Clock::Monotonic now)
    {
        if (m_readAt && now - *m_readAt < 250ms && m_last)
            return *m_last;
        if (!m_backoff.ready(now))
            return unexpected(m_backoff.lastError);
        if (!m_bus.connected()) {
            return unexpected(m_backoff.failed(now, QStringLiteral("no system bus")));
        }
        if (m_session.isEmpty()) {
            auto path = m_bus.call(kService, QStringLiteral("/org/freedesktop/login1"),
                QStringLiteral("org.freedesktop.login1.Manager"), QStringLiteral("GetSessionByPID"),
                {QVariant::fromValue(quint32(getpid()))});
            if (!path || path->isEmpty()) {
                return unexpected(m_backoff.failed(now,
                    QStringLiteral("logind knows no session for this process (%1)")
                        .arg(path ? QString() : path.error())));
            }
            m_session = qvariant_cast<QDBusObjectPath>(path->first()).path();
        }
        auto all = m_bus.call(kService, m_session, QStringLiteral("org.freedesktop.DBus.Properties"),
            QStringLiteral("GetAll"), {QStringLiteral("org.freedesktop.login1.Session")});
        if (!all || all->isEmpty()) {
            m_session.clear();
            return unexpected(
                m_backoff.failed(now, QStringLiteral("logind did not answer: %1").arg(all ? QString() : all.error())));
        }
        const QVariantMap props = qdbus_cast<QVariantMap>(all->first());
        State s;
        s.idle = props.value(QStringLiteral("IdleHint")).toBool();
        s.idleSinceUs = props.value(QStringLiteral("IdleSinceHint")).toULongLong();
        s.locked = props.value(QStringLiteral("LockedHint")).toBool();
        m_backoff.succeeded();
        m_last = s;
        m_readAt = now;
        return s;
    }
    QString session() const { return m_session; }

private:
    static inline const QString kService = QStringLiteral("org.freedesktop.login1");
    Bus m_bus;
    QString m_session;
    Backoff m_backoff;
    std::optional<State> m_last;
    std::optional<Clock::Monotonic> m_readAt;
};

class LinuxProbe final : public SystemProbe
{
public:
    LinuxProbe(const Clock& clock, const ProbeOptions& o)
        : m_clock(clock)
        , m_options(o)
        , m_proc(o.root + QStringLiteral("/proc"))
        , m_power(o.root + QStringLiteral("/sys/class/power_supply"))
    {
        if (!o.x11Display.isEmpty())
            m_x11.emplace(o.x11Display);
        if (!o.waylandDisplay.isEmpty())
            m_wayland.emplace(o.waylandDisplay, clock);
        if (!o.sessionBus.isEmpty())
            m_session.emplace(o.sessionBus);
        if (!o.systemBus.isEmpty())
            m_logind.emplace(o.systemBus);
    }

    void readInput(Snapshot& s) override
    {
        const auto now = m_clock.monotonic();
        s.idleFor.reset();
        s.sessionLocked = false;
        s.fullscreenApp.clear();
        QStringList why; // why each idle source did not answer, for the source line

        std::optional<Logind::State> login;
        QString loginError = QStringLiteral("no system bus");
        if (m_logind) {
            auto st = m_logind->read(now);
            if (st) {
                login = *st;
                s.sessionLocked = st->locked;
            } else {
                loginError = st.error();
            }
        }
        m_sources.locked = login ? QStringLiteral("logind LockedHint (%1)").arg(m_logind->session())
                                 : QStringLiteral("unavailable: ") + loginError;

        const bool wayland = !m_options.waylandDisplay.isEmpty();
        // 1. Wayland ext-idle-notify-v1 (KDE, wlroots; GNOME answers through Mutter below).
        if (m_wayland) {
            auto idle = m_wayland->idle(now);
            if (idle) {
                s.idleFor = *idle;
                m_sources.idle = QStringLiteral("Wayland ext-idle-notify-v1 on %1").arg(m_options.waylandDisplay);
            } else {
                why << QStringLiteral("Wayland: ") + idle.error();
            }
        }
        // 2. X11 XScreenSaver: exact, but on Wayland it only sees input to X11 apps.
        if (!s.idleFor && m_x11 && !wayland) {
            auto ms = m_x11->idleMs(now);
            if (ms) {
                s.idleFor = std::chrono::seconds(*ms / 1000);
                m_sources.idle = QStringLiteral("X11 XScreenSaver on %1").arg(m_x11->display());
            } else {
                why << QStringLiteral("X11: ") + ms.error();
            }
        } else if (!s.idleFor && m_x11) {
            why << QStringLiteral("X11: not used for idle time in a Wayland session");
        }
        // 3. GNOME Mutter's IdleMonitor (X11 and Wayland sessions of GNOME).
        if (!s.idleFor && m_session) {
            if (m_mutterBackoff.ready(now)) {
                auto ms = m_session->call(QStringLiteral("org.gnome.Mutter.IdleMonitor"),
                    QStringLiteral("/org/gnome/Mutter/IdleMonitor/Core"),
                    QStringLiteral("org.gnome.Mutter.IdleMonitor"), QStringLiteral("GetIdletime"));
                if (ms && !ms->isEmpty()) {
                    s.idleFor = std::chrono::seconds(ms->first().toULongLong() / 1000);
                    m_sources.idle = QStringLiteral("GNOME Mutter IdleMonitor");
                    m_mutterBackoff.succeeded();
                } else {
                    m_mutterBackoff.failed(now, ms ? QStringLiteral("no answer") : ms.error());
                }
            }
            if (!s.idleFor)
                why << QStringLiteral("GNOME Mutter: ") + m_mutterBackoff.lastError;
        }
        // 4. logind IdleHint: coarse (the desktop sets it after its own idle delay), but everywhere.
        if (!s.idleFor && login) {
            const auto nowUs = std::uint64_t(m_clock.nowUtc().toMSecsSinceEpoch()) * 1000;
            s.idleFor = login->idle && nowUs > login->idleSinceUs
                ? std::chrono::seconds((nowUs - login->idleSinceUs) / 1000000)
                : std::chrono::seconds(0);
            m_sources.idle = QStringLiteral("logind IdleHint (%1; coarse: set by the desktop after its own idle delay)")
                                 .arg(m_logind->session());
        }
        if (!s.idleFor) {
            if (!m_x11 && !m_wayland && !m_session && !m_logind)
                why << QStringLiteral("no display and no message bus (a headless machine: nobody to yield to)");
            else
                why << QStringLiteral("logind: ") + loginError;
            m_sources.idle = QStringLiteral("unavailable: ") + why.join(QStringLiteral("; "));
        }

        if (m_x11) {
            auto app = m_x11->fullscreenApp(now, m_proc);
            if (app) {
                s.fullscreenApp = app->value_or(QString());
                m_sources.fullscreen
                    = QStringLiteral("X11 _NET_WM_STATE_FULLSCREEN on %1%2")
                          .arg(m_x11->display(), wayland ? QStringLiteral(" (X11 apps only)") : QString());
            } else {
                m_sources.fullscreen = QStringLiteral("unavailable: ") + app.error();
            }
        } else {
            m_sources.fullscreen = QStringLiteral("unavailable: no X11 display");
        }
    }

    void readSystem(Snapshot& s) override
    {
        readProcesses(s);
        readPower(s);
    }

    ProbeSources sources() const override { return m_sources; }

private:
    void readProcesses(Snapshot& s)
    {
        s.runningProcesses.clear();
        const QDir proc(m_proc);
        if (!proc.exists()) {
            m_sources.processes = QStringLiteral("unavailable: %1 is missing").arg(m_proc);
            return;
        }
        for (const QString& pid : proc.entryList(QDir::Dirs | QDir::NoDotAndDotDot)) {
            bool numeric = false;
            const quint32 n = pid.toUInt(&numeric);
            if (!numeric)
                continue;
            const QString comm = processName(m_proc, n);
            if (!comm.isEmpty() && !s.runningProcesses.contains(comm))
                s.runningProcesses << comm;
        }
        m_sources.processes = m_proc;
    }

    void readPower(Snapshot& s)
    {
        s.onBattery.reset();
        s.batteryPercent.reset();
        const QDir dir(m_power);
        bool mainsOnline = false, sawMains = false;
        QStringList batteries;
        for (const QString& supply : dir.entryList(QDir::Dirs | QDir::NoDotAndDotDot | QDir::System)) {
            const QString type = QString::fromUtf8(readSmall(dir.filePath(supply + QStringLiteral("/type"))));
            if (type == u"Mains" || type == u"USB") {
                sawMains = true;
                mainsOnline = mainsOnline || readSmall(dir.filePath(supply + QStringLiteral("/online"))) == "1";
            } else if (type == u"Battery" && readSmall(dir.filePath(supply + QStringLiteral("/scope"))) != "Device") {
                batteries << supply;
                bool ok = false;
                const int capacity = readSmall(dir.filePath(supply + QStringLiteral("/capacity"))).toInt(&ok);
                if (ok)
                    s.batteryPercent = std::min(s.batteryPercent.value_or(100), capacity);
                if (readSmall(dir.filePath(supply + QStringLiteral("/status"))) == "Discharging")
                    s.onBattery = true;
            }
        }
        if (batteries.isEmpty()) {
            s.onBattery = false; // a desktop: always on mains
            m_sources.power = QStringLiteral("no battery in %1").arg(m_power);
            return;
        }
        if (!s.onBattery)
            s.onBattery = sawMains ? !mainsOnline : false;
        m_sources.power = QStringLiteral("%1 (%2)").arg(m_power, batteries.join(QStringLiteral(", ")));
    }

    const Clock& m_clock;
    ProbeOptions m_options;
    QString m_proc;
    QString m_power;
    std::optional<X11Session> m_x11;
    std::optional<WaylandIdle> m_wayland;
    std::optional<Bus> m_session;
    Backoff m_mutterBackoff;
    std::optional<Logind> m_logind;
    ProbeSources m_sources;
};

} // namespace

ProbeOptions ProbeOptions::fromEnvironment()
{
    ProbeOptions o;
    o.x11Display = qEnvironmentVariable("DISPLAY");
    o.waylandDisplay = qEnvironmentVariable("WAYLAND_DISPLAY");
    if (o.waylandDisplay.isEmpty() && qEnvironmentVariable("XDG_SESSION_TYPE") == u"wayland")
        o.waylandDisplay = QStringLiteral("wayland-0");
    o.sessionBus = qEnvironmentVariable("DBUS_SESSION_BUS_ADDRESS");
    if (o.sessionBus.isEmpty()) {
        const QString runtime = qEnvironmentVariable("XDG_RUNTIME_DIR");
        if (!runtime.isEmpty() && QFile::exists(runtime + QStringLiteral("/bus")))
            o.sessionBus = QStringLiteral("unix:path=%1/bus").arg(runtime);
    }
    o.systemBus = qEnvironmentVariable("DBUS_SYSTEM_BUS_ADDRESS");
    if (o.systemBus.isEmpty() && QFile::exists(QStringLiteral("/run/dbus/system_bus_socket")))
        o.systemBus = QStringLiteral("unix:path=/run/dbus/system_bus_socket");
    return o;
}

std::unique_ptr<SystemProbe> makeSystemProbe(const Clock& clock, const ProbeOptions& options)
{
    return std::make_unique<LinuxProbe>(clock, options);
}

} // namespace cocoon::sched

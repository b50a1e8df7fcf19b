// macOS: idle time from CGEventSourceSecondsSinceLastEventType, the locked screen from the
// session dictionary, full screen from a front window that covers a whole display
// (CGWindowListCopyWindowInfo: macOS has no public "full-screen app" query), processes from
// libproc, power from IOKit power sources. Written against the documented APIs; CI builds Linux
// only, so this file is kept compiling in principle and has not been built or run.
#include "sched/SystemProbe.h"

#include <CoreFoundation/CoreFoundation.h>
#include <CoreGraphics/CoreGraphics.h>
#include <IOKit/ps/IOPSKeys.h>
#include <IOKit/ps/IOPowerSources.h>
#include <libproc.h>
#include <vector>

namespace cocoon::sched {
namespace {

/// Owns one Core Foundation reference (the "Create"/"Copy" rule).
template <typename T>
struct CfRef
{
    T ref;
    explicit CfRef(T r)
        : ref(r)
    { }
    ~CfRef()
    {
        if (ref)
            CFRelease(ref);
    }
    CfRef(const CfRef&) = delete;
    CfRef& operator=(const CfRef&) = delete;
};

QString toQString(CFStringRef s)
{
    if (!s)
        return {};
    char buffer[512];
    return CFStringGetCString(s, buffer, sizeof buffer, kCFStringEncodingUTF8) ? QString::fromUtf8(buffer) : QString();
}

int intValue(CFDictionaryRef dict, CFStringRef key)
{
    int v = -1;
    if (auto n = static_cast<CFNumberRef>(CFDictionaryGetValue(dict, key)))
        CFNumberGetValue(n, kCFNumberIntType, &v);
    return v;
}

class MacProbe final : public SystemProbe
{
public:
    void readInput(Snapshot& s) override
    {
        const double idle
            = CGEventSourceSecondsSinceLastEventType(kCGEventSourceStateCombinedSessionState, kCGAnyInputEventType);
        s.idleFor = std::chrono::seconds(qint64(idle));
        m_sources.idle = QStringLiteral("CGEventSourceSecondsSinceLastEventType");

        s.sessionLocked = false;
        CfRef<CFDictionaryRef> session(CGSessionCopyCurrentDictionary());
        if (session.ref) {
            const auto locked
                = static_cast<CFBooleanRef>(CFDictionaryGetValue(session.ref, CFSTR("CGSSessionScreenIsLocked")));
            s.sessionLocked = locked && CFBooleanGetValue(locked);
            m_sources.locked = QStringLiteral("CGSessionCopyCurrentDictionary");
        } else {
            m_sources.locked = QStringLiteral("unavailable: no window-server session");
        }

        s.fullscreenApp.clear();
        m_sources.fullscreen = QStringLiteral("front window covering a display (CGWindowListCopyWindowInfo)");
        CfRef<CFArrayRef> windows(CGWindowListCopyWindowInfo(
            kCGWindowListOptionOnScreenOnly | kCGWindowListExcludeDesktopElements, kCGNullWindowID));
        if (!windows.ref)
            return;
        for (CFIndex i = 0; i < CFArrayGetCount(windows.ref); ++i) {
            auto w = static_cast<CFDictionaryRef>(CFArrayGetValueAtIndex(windows.ref, i));
            if (intValue(w, kCGWindowLayer) != 0)
                continue; // menus, the dock, overlays
            CGRect bounds {};
            auto b = static_cast<CFDictionaryRef>(CFDictionaryGetValue(w, kCGWindowBounds));
            if (!b || !CGRectMakeWithDictionaryRepresentation(b, &bounds))
                continue;
            // The first normal window is the front one: full screen when it covers its display.
            CGDirectDisplayID display = 0;
            std::uint32_t count = 0;
            if (CGGetDisplaysWithRect(bounds, 1, &display, &count) == kCGErrorSuccess && count == 1
                && CGRectEqualToRect(CGDisplayBounds(display), bounds)) {
                s.fullscreenApp = toQString(static_cast<CFStringRef>(CFDictionaryGetValue(w, kCGWindowOwnerName)));
                if (s.fullscreenApp.isEmpty())
                    s.fullscreenApp = QStringLiteral("a full-screen app");
            }
            break;
        }
    }

    void readSystem(Snapshot& s) override
    {
        s.runningProcesses.clear();
        const int n = proc_listallpids(nullptr, 0);
        std::vector<pid_t> pids(std::size_t(std::max(n, 0)) + 64);
        const int got = proc_listallpids(pids.data(), int(pids.size() * sizeof(pid_t)));
        for (int i = 0; i < got; ++i) {
            char name[2 * MAXCOMLEN + 1] = {};
            if (proc_name(pids[std::size_t(i)], name, sizeof name) > 0) {
                const QString p = QString::fromUtf8(name);
                if (!s.runningProcesses.contains(p))
                    s.runningProcesses << p;
            }
        }
        m_sources.processes
            = got > 0 ? QStringLiteral("libproc") : QStringLiteral("unavailable: proc_listallpids failed");

        s.onBattery = false;
        s.batteryPercent.reset();
        m_sources.power = QStringLiteral("IOKit power sources");
        CfRef<CFTypeRef> info(IOPSCopyPowerSourcesInfo());
        if (!info.ref)
            return;
        CfRef<CFArrayRef> list(IOPSCopyPowerSourcesList(info.ref));
        if (!list.ref)
            return;
        for (CFIndex i = 0; i < CFArrayGetCount(list.ref); ++i) {
            CFDictionaryRef d = IOPSGetPowerSourceDescription(info.ref, CFArrayGetValueAtIndex(list.ref, i));
            if (!d)
                continue;
            const auto state = static_cast<CFStringRef>(CFDictionaryGetValue(d, CFSTR(kIOPSPowerSourceStateKey)));
            if (state && CFStringCompare(state, CFSTR(kIOPSBatteryPowerValue), 0) == kCFCompareEqualTo)
                s.onBattery = true;
            const int current = intValue(d, CFSTR(kIOPSCurrentCapacityKey));
            const int max = intValue(d, CFSTR(kIOPSMaxCapacityKey));
            if (current >= 0 && max > 0)
                s.batteryPercent = std::min(s.batteryPercent.value_or(100), current * 100 / max);
        }
    }

    ProbeSources sources() const override { return m_sources; }

private:
    ProbeSources m_sources;
};

} // namespace

ProbeOptions ProbeOptions::fromEnvironment()
{
    return {};
}

std::unique_ptr<SystemProbe> makeSystemProbe(const Clock&, const ProbeOptions&)
{
    return std::make_unique<MacProbe>(); // readings here are durations already: no clock needed
}

} // namespace cocoon::sched

// Windows: idle time from GetLastInputInfo (wrap-safe), full-screen / presentation / locked state
// from SHQueryUserNotificationState, processes from a ToolHelp snapshot, power from
// GetSystemPowerStatus. Written against the documented Win32 APIs; CI builds Linux only, so this
// file is kept compiling in principle and has not been built or run.
#include "sched/SystemProbe.h"

#ifndef NOMINMAX
#define NOMINMAX
#endif
#include <shellapi.h>
#include <tlhelp32.h>
#include <windows.h>

namespace cocoon::sched {
namespace {

/// Handles from CreateToolhelp32Snapshot/OpenProcess, closed on scope exit.
struct HandleCloser
{
    HANDLE h;
    ~HandleCloser()
    {
        if (h && h != INVALID_HANDLE_VALUE)
            CloseHandle(h);
    }
};

QString baseName(const wchar_t* path)
{
    const QString p = QString::fromWCharArray(path);
    return p.section(QLatin1Char('\\'), -1);
}

QString foregroundProcessName()
{
    HWND window = GetForegroundWindow();
    DWORD pid = 0;
    if (!window || !GetWindowThreadProcessId(window, &pid) || !pid)
        return {};
    HandleCloser process {OpenProcess(PROCESS_QUERY_LIMITED_INFORMATION, FALSE, pid)};
    if (!process.h)
        return {};
    wchar_t path[MAX_PATH];
    DWORD size = MAX_PATH;
    return QueryFullProcessImageNameW(process.h, 0, path, &size) ? baseName(path) : QString();
}

class WindowsProbe final : public SystemProbe
{
public:
    void readInput(Snapshot& s) override
    {
        s.idleFor.reset();
        s.sessionLocked = false;
        s.fullscreenApp.clear();
        LASTINPUTINFO info {sizeof(LASTINPUTINFO), 0};
        if (GetLastInputInfo(&info)) {
            // Both are 32-bit tick counts: unsigned subtraction stays right across the 49.7-day wrap.
            const DWORD idleMs = GetTickCount() - info.dwTime;
            s.idleFor = std::chrono::seconds(idleMs / 1000);
            m_sources.idle = QStringLiteral("GetLastInputInfo");
        } else {
            m_sources.idle = QStringLiteral("unavailable: GetLastInputInfo failed (error %1)").arg(GetLastError());
        }
        QUERY_USER_NOTIFICATION_STATE state {};
        if (SUCCEEDED(SHQueryUserNotificationState(&state))) {
            m_sources.fullscreen = QStringLiteral("SHQueryUserNotificationState");
            m_sources.locked = QStringLiteral("SHQueryUserNotificationState");
            switch (state) {
            case QUNS_BUSY:
            case QUNS_RUNNING_D3D_FULL_SCREEN:
            case QUNS_PRESENTATION_MODE: {
                const QString name = foregroundProcessName();
                s.fullscreenApp = name.isEmpty() ? QStringLiteral("a full-screen app") : name;
                break;
            }
            case QUNS_NOT_PRESENT: // screen saver, locked, or another user's session
                s.sessionLocked = true;
                break;
            default:
                break;
            }
        } else {
            m_sources.fullscreen = QStringLiteral("unavailable: SHQueryUserNotificationState failed");
            m_sources.locked = m_sources.fullscreen;
        }
    }

    void readSystem(Snapshot& s) override
    {
        s.runningProcesses.clear();
        HandleCloser snap {CreateToolhelp32Snapshot(TH32CS_SNAPPROCESS, 0)};
        if (snap.h == INVALID_HANDLE_VALUE) {
            m_sources.processes = QStringLiteral("unavailable: CreateToolhelp32Snapshot failed");
        } else {
            PROCESSENTRY32W entry {};
            entry.dwSize = sizeof(entry);
            for (BOOL ok = Process32FirstW(snap.h, &entry); ok; ok = Process32NextW(snap.h, &entry)) {
                const QString name = baseName(entry.szExeFile);
                if (!name.isEmpty() && !s.runningProcesses.contains(name))
                    s.runningProcesses << name;
            }
            m_sources.processes = QStringLiteral("ToolHelp process snapshot");
        }

        s.onBattery.reset();
        s.batteryPercent.reset();
        SYSTEM_POWER_STATUS power {};
        if (!GetSystemPowerStatus(&power)) {
            m_sources.power = QStringLiteral("unavailable: GetSystemPowerStatus failed");
            return;
        }
        m_sources.power = QStringLiteral("GetSystemPowerStatus");
        if (power.BatteryFlag & 128) { // no system battery
            s.onBattery = false;
            return;
        }
        if (power.ACLineStatus != 255)
            s.onBattery = power.ACLineStatus == 0;
        if (power.BatteryLifePercent <= 100)
            s.batteryPercent = power.BatteryLifePercent;
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
    return std::make_unique<WindowsProbe>(); // readings here are durations already: no clock needed
}

} // namespace cocoon::sched

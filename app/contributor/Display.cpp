#include "Display.h"

#include <QApplication>

#include <algorithm>
#include <cstring>

namespace cocoon::app {

namespace {

bool hasFlag(int argc, char** argv, const char* flag)
{
    return std::any_of(argv + 1, argv + argc, [flag](const char* a) { return std::strcmp(a, flag) == 0; });
}

/// Lets Qt fall back to "offscreen" (detected after start) instead of aborting when a display is
/// set but dead; false (with the reason) when none is set at all.
bool prepareDisplay(QString* why)
{
#if defined(Q_OS_LINUX) || defined(Q_OS_FREEBSD)
    if (qEnvironmentVariableIsSet("QT_QPA_PLATFORM"))
        return true; // the user (or a test) chose the platform
    const bool x11 = !qEnvironmentVariableIsEmpty("DISPLAY");
    const bool wayland = !qEnvironmentVariableIsEmpty("WAYLAND_DISPLAY");
    if (!x11 && !wayland) {
        *why = QCoreApplication::translate("Contributor", "no display found (DISPLAY and WAYLAND_DISPLAY are not set)");
        return false;
    }
    qputenv("QT_QPA_PLATFORM", wayland ? "wayland;xcb;offscreen" : "xcb;offscreen");
    return true;
#else
    Q_UNUSED(why);
    return true;
#endif
}

} // namespace

std::unique_ptr<QCoreApplication> makeApplication(int& argc, char** argv, bool* headless, QString* noDisplay)
{
    *headless = hasFlag(argc, argv, "--headless");
    const bool infoOnly = hasFlag(argc, argv, "--help") || hasFlag(argc, argv, "-h") || hasFlag(argc, argv, "--version")
        || hasFlag(argc, argv, "-v");
    if (!*headless && !infoOnly && !prepareDisplay(noDisplay))
        *headless = true;
    if (*headless || infoOnly)
        return std::make_unique<QCoreApplication>(argc, argv);
    auto app = std::make_unique<QApplication>(argc, argv);
    if (QGuiApplication::platformName() == QLatin1String("offscreen") && qgetenv("QT_QPA_PLATFORM").contains(';')) {
        *noDisplay = QCoreApplication::translate("Contributor", "the display could not be opened");
        *headless = true;
    }
    return app;
}

} // namespace cocoon::app

#pragma once
// Whether cocoon-contributor gets a window: decided before any QGuiApplication exists, so that a
// machine without a display (or with a dead one) runs headless instead of aborting.
#include <QCoreApplication>
#include <QString>

#include <memory>

namespace cocoon::app {

/// A QApplication when a display can be reached; otherwise (--headless, --help, --version, or no
/// display) a QCoreApplication. `headless` is set when the app runs without a window, and
/// `noDisplay` says why when that was not asked for.
std::unique_ptr<QCoreApplication> makeApplication(int& argc, char** argv, bool* headless, QString* noDisplay);

} // namespace cocoon::app

#pragma once
#include <QMainWindow>

class QLabel;

namespace cocoon {

/// The desktop app's window. Until the worker core and network land it shows what this machine
/// offers and says plainly that nothing is being contributed yet.
class MainWindow : public QMainWindow
{
    Q_OBJECT
public:
    struct DeviceLine
    {
        QString name;
        bool usable = false;
        QString reason;
    };

    explicit MainWindow(const QList<DeviceLine>& devices, QWidget* parent = nullptr);

    QLabel* statusLabel() const { return m_status; }

private:
    QLabel* m_status = nullptr;
};

} // namespace cocoon

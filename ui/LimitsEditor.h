#pragma once
// The Limits page: an editor over the scheduling settings (sched.*), built from the settings table
// so ranges, units and descriptions have one source. The weekly schedule is a 7x24 grid, duty
// shares are sliders, exclusive apps can be picked from the running processes, per-device
// overrides are checked as typed. Invalid input is refused in place with the reason and nothing is
// written; Apply writes the changed values, and the governor picks them up without a restart.
#include <QTableWidget>
#include <QWidget>

#include <functional>
#include <map>

class QDialog;
class QLabel;
class QPushButton;
class QVBoxLayout;

namespace cocoon {
class Settings;
}

namespace cocoon::ui {

/// The weekly schedule as a grid: rows Monday..Sunday, columns 0..23 h. Click or Space toggles a
/// cell; a selection of cells is set with allowSelected() / blockSelected().
class ScheduleGrid : public QTableWidget
{
    Q_OBJECT
public:
    explicit ScheduleGrid(QWidget* parent = nullptr);
    /// The grid from sched.schedule text; false (grid unchanged) when the text does not parse.
    bool setScheduleText(const QString& text);
    QString scheduleText() const;
    bool allows(int day, int hour) const;
    void setAllowed(int day, int hour, bool on);
    void allowSelected() { setSelected(true); }
    void blockSelected() { setSelected(false); }

signals:
    void edited();

protected:
    void keyPressEvent(QKeyEvent* event) override;

private:
    void setSelected(bool on);
    void paint(int day, int hour);
};

class LimitsEditor : public QWidget
{
    Q_OBJECT
public:
    /// `runningProcesses` lists process names for the exclusive-apps picker; `devices` the device
    /// keys the overrides may name ("cpu", "gpu0").
    LimitsEditor(Settings& settings, std::function<QStringList()> runningProcesses, const QStringList& devices,
        QWidget* parent = nullptr);

    /// Validates every field; when all are valid writes the changed ones and returns true.
    bool apply();
    /// Shows the stored values again (drops unapplied edits).
    void revert();

    // Test hooks.
    QWidget* field(const QString& key) const;
    QString errorFor(const QString& key) const;
    ScheduleGrid* scheduleGrid() const { return m_grid; }
    QPushButton* applyButton() const { return m_apply; }
    QLabel* statusLabel() const { return m_status; }
    /// Opens the picker (non-modal); accepting it adds the ticked names to the exclusive apps.
    QDialog* openProcessPicker();

private:
    struct Field
    {
        QWidget* editor = nullptr;
        QLabel* error = nullptr;
        std::function<QVariant()> read;
        std::function<void(const QVariant&)> write;
        /// Whether an edited value equals the stored one (default: QVariant equality).
        std::function<bool(const QVariant&, const QVariant&)> same
            = [](const QVariant& a, const QVariant& b) { return a == b; };
    };
    bool changed(const QString& key, const Field& f, const QVariant& value) const;
    void addField(QVBoxLayout* group, const char* key, const QString& label = {});
    void addSlider(QVBoxLayout* group, const char* key);
    QVBoxLayout* addGroup(QVBoxLayout* page, const QString& title);
    void validateAll();

    Settings& m_settings;
    std::function<QStringList()> m_processes;
    std::map<QString, Field> m_fields;
    ScheduleGrid* m_grid = nullptr;
    QPushButton* m_apply = nullptr;
    QPushButton* m_revert = nullptr;
    QLabel* m_status = nullptr;
    bool m_loading = false;
};

} // namespace cocoon::ui

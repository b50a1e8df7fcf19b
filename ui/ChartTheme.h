#pragma once
// Charts follow the system palette: Qt Charts' own light theme on a light desktop, its dark theme
// on a dark one (Qt Charts does not read the widget palette by itself).
#include <QApplication>
#include <QChart>
#include <QPalette>

namespace cocoon::ui {

inline bool paletteIsDark(const QPalette& palette = QApplication::palette())
{
    return palette.color(QPalette::Window).lightness() < 128;
}

inline void followPalette(QChart* chart)
{
    chart->setTheme(paletteIsDark() ? QChart::ChartThemeDark : QChart::ChartThemeLight);
    chart->setBackgroundRoundness(0);
}

} // namespace cocoon::ui

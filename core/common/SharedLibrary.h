#pragma once
// The one way core loads an optional system library at run time (NVML, libxcb, libwayland-client):
// QLibrary, with the file's own name first and a plain reason when it is missing. The library
// stays loaded for the life of the process (its functions may still be called from destructors
// of static objects). kernels/, which has no Qt, loads the CUDA plugin with dlopen itself.
#include "common/Expected.h"

#include <QLibrary>
#include <QString>

#include <initializer_list>
#include <memory>

namespace cocoon {

class SharedLibrary
{
public:
    /// Loads `fileName` ("libnvidia-ml.so.1", "nvml.dll", or a path); the error names the file
    /// and the loader's reason.
    static Expected<SharedLibrary, QString> load(const QString& fileName);

    /// Sets `fn` to the first of `names` the library exports; false (and `fn` untouched) when none.
    template <typename Fn>
    bool resolve(Fn& fn, std::initializer_list<const char*> names) const
    {
        for (const char* name : names) {
            if (const QFunctionPointer p = m_library->resolve(name)) {
                fn = reinterpret_cast<Fn>(p);
                return true;
            }
        }
        return false;
    }

    QString fileName() const { return m_library->fileName(); }

private:
    explicit SharedLibrary(std::shared_ptr<QLibrary> library)
        : m_library(std::move(library))
    { }
    std::shared_ptr<QLibrary> m_library;
};

} // namespace cocoon

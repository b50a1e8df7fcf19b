// Finds and loads the CUDA backend plugin (libcocoon_cuda.so) at run time. Without it — not
// built, CUDA libraries missing, no driver — every CUDA entry point answers with the reason and
// the CPU backend does the work. Search order: $COCOON_CUDA_PLUGIN (a file), the executable's
// directory, ../lib/cocoon-contributor next to it, then the build tree's plugin directory.
#include "Backend.h"
#include "cuda/PluginAbi.h"
#include "llm/LlmTasks.h"

#include <algorithm>
#include <climits>
#include <cstdlib>
#include <dlfcn.h>
#include <filesystem>
#include <mutex>
#include <unistd.h>

namespace cocoon::kernels {
namespace {

struct Loaded
{
    const cuda::PluginApi* api = nullptr;
    std::string reason;
};

std::string executableDir()
{
    char buf[PATH_MAX];
    const ssize_t n = ::readlink("/proc/self/exe", buf, sizeof buf - 1);
    if (n <= 0)
        return {};
    buf[n] = '\0';
    return std::filesystem::path(buf).parent_path().string();
}

const Loaded& plugin()
{
    static Loaded loaded;
    static std::once_flag once;
    std::call_once(once, [] {
        std::vector<std::string> candidates;
        // A plugin named explicitly is loaded as it is (the test double in tests/support/fake-cuda
        // needs no driver); the real plugin then says itself that there is none.
        bool named = false;
        if (const char* env = std::getenv("COCOON_CUDA_PLUGIN"); env && *env) {
            candidates.emplace_back(env);
            named = std::filesystem::exists(candidates.back());
        }
        const std::string dir = executableDir();
        if (!dir.empty()) {
            candidates.push_back(dir + "/libcocoon_cuda.so");
            candidates.push_back(dir + "/../lib/cocoon-contributor/libcocoon_cuda.so");
        }
#ifdef COCOON_CUDA_PLUGIN_DIR
        candidates.push_back(std::string(COCOON_CUDA_PLUGIN_DIR) + "/libcocoon_cuda.so");
#endif
        std::string lastError = "the CUDA backend is not installed (this build has no libcocoon_cuda.so)";
        // The plugin pulls in cuBLAS and cuBLASLt (over 60 MB resident once mapped): without the
        // NVIDIA driver it could only say "no driver", so the driver is looked for first and the
        // plugin is left unloaded on machines without one.
        if (!named && std::any_of(candidates.begin(), candidates.end(), [](const std::string& c) {
                return std::filesystem::exists(c);
            })) {
            void* driver = ::dlopen("libcuda.so.1", RTLD_LAZY | RTLD_LOCAL);
            if (!driver) {
                loaded.reason = "no usable NVIDIA GPU: the NVIDIA driver is not installed (libcuda.so.1 was not found)";
                return;
            }
            ::dlclose(driver); // the plugin's CUDA runtime opens it again
        }
        for (const std::string& path : candidates) {
            if (!std::filesystem::exists(path))
                continue;
            void* handle = ::dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);
            if (!handle) {
                const char* e = ::dlerror();
                lastError = std::string("the CUDA backend could not be loaded (") + (e ? e : path)
                    + "); install the NVIDIA driver and CUDA runtime libraries";
                continue;
            }
            auto entry = reinterpret_cast<const cuda::PluginApi* (*)()>(::dlsym(handle, "cocoon_cuda_plugin_api"));
            const cuda::PluginApi* api = entry ? entry() : nullptr;
            if (!api || api->abiVersion != cuda::kAbiVersion) {
                lastError = path + " is from another version of Cocoon Contributor";
                ::dlclose(handle);
                continue;
            }
            loaded.api = api; // kept loaded for the life of the process
            return;
        }
        loaded.reason = lastError;
    });
    return loaded;
}

} // namespace

bool cudaBackendBuilt()
{
    return plugin().api != nullptr;
}

namespace cuda {

std::vector<DeviceInfo> probe(std::string& reason)
{
    const Loaded& p = plugin();
    if (!p.api) {
        reason = p.reason;
        return {};
    }
    return p.api->probe(reason);
}

bool selfTest(int index, std::string& reason)
{
    const Loaded& p = plugin();
    if (!p.api) {
        reason = p.reason;
        return false;
    }
    return p.api->selfTest(index, reason);
}

std::unique_ptr<Task> makeGenerateTask(const GenerateParams& params, const std::string& modelPath,
    std::span<const std::uint8_t> input, std::span<std::uint8_t> output, int device, std::string& error,
    bool* modelRefused, std::string& unavailable)
{
    const Loaded& p = plugin();
    if (!p.api) {
        unavailable = p.reason;
        return nullptr;
    }
    if (!p.api->makeGenerateTask) {
        unavailable = "this build's CUDA plugin has no llama.cpp (that takes a build with -DCOCOON_LLM_CUDA=ON)";
        return nullptr;
    }
    unavailable.clear();
    return std::unique_ptr<Task>(
        p.api->makeGenerateTask(params, modelPath, input, output, device, error, modelRefused));
}

std::uint64_t residentModels(int device, bool release)
{
    const Loaded& p = plugin();
    return p.api && p.api->residentModels ? p.api->residentModels(device, release) : 0;
}

} // namespace cuda

std::unique_ptr<Task> makeCudaTask(const Params& params, std::span<const std::uint8_t> input,
    std::span<std::uint8_t> output, int device, std::string& error)
{
    if (const auto* media = std::get_if<TranscodeParams>(&params)) // NVENC/NVDEC come through FFmpeg
        return makeMediaTask(*media, input, output, device, error);
    if (std::holds_alternative<GenerateParams>(params)) {
        error = "ai.generate runs on llama.cpp (jobs create it with makeGenerateTask)";
        return nullptr;
    }
    const Loaded& p = plugin();
    if (!p.api) {
        error = p.reason;
        return nullptr;
    }
    return std::unique_ptr<Task>(p.api->makeTask(params, input, output, device, error));
}

} // namespace cocoon::kernels

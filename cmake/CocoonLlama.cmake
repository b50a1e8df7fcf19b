# ai.generate's engine: llama.cpp / ggml (MIT), from the source that the npm package node-llama-cpp
# ships (scripts/fetch-llama.sh checks its pinned sha512 and clones it into this build tree).
# Only the libraries are built: no tests, tools, examples or server.
#   - cocoon_kernels links llama.cpp with the CPU backend only (add_subdirectory below), so the
#     programs start on machines without any CUDA library;
#   - with -DCOCOON_LLM_CUDA=ON a second build of the same source with the CUDA backend
#     (ExternalProject: its targets have the same names) goes into the run-time-loaded CUDA
#     plugin, target cocoon_llama_cuda. ggml's CUDA kernels take long to compile (about 30
#     CPU-minutes per architecture, 20 minutes on 2 cores), so this needs explicit
#     CMAKE_CUDA_ARCHITECTURES and is off by default and in CI.
# Sets COCOON_HAVE_LLM and COCOON_HAVE_LLM_CUDA.
option(COCOON_LLM "ai.generate on llama.cpp (fetched from npm at configure time)" ON)
option(COCOON_LLM_CUDA "ai.generate on NVIDIA GPUs: llama.cpp's CUDA backend in the CUDA plugin (slow to build)" OFF)
option(COCOON_LLM_BENCH_TOOLS "Build llama.cpp's llama-bench for make bench" OFF)

set(COCOON_HAVE_LLM OFF)
set(COCOON_HAVE_LLM_CUDA OFF)
if(COCOON_LLM)
  set(COCOON_LLAMA_DIR ${PROJECT_BINARY_DIR}/_deps/llama.cpp)
  execute_process(COMMAND ${PROJECT_SOURCE_DIR}/scripts/fetch-llama.sh ${COCOON_LLAMA_DIR}
                  RESULT_VARIABLE _fetch_rc)
  if(NOT _fetch_rc EQUAL 0)
    message(FATAL_ERROR "Fetching llama.cpp failed (see above). Configure with -DCOCOON_LLM=OFF to build "
                        "without the ai.generate kernel.")
  endif()
  # Function scope: these settings reach llama.cpp's directory and nothing else.
  function(cocoon_add_llama)
    set(BUILD_SHARED_LIBS OFF)
    set(LLAMA_BUILD_COMMON ${COCOON_LLM_BENCH_TOOLS})
    set(LLAMA_BUILD_TOOLS ${COCOON_LLM_BENCH_TOOLS})
    foreach(_off LLAMA_BUILD_TESTS LLAMA_BUILD_EXAMPLES LLAMA_BUILD_SERVER LLAMA_BUILD_APP LLAMA_OPENSSL
                 LLAMA_BUILD_UI LLAMA_USE_PREBUILT_UI LLAMA_ALL_WARNINGS GGML_OPENMP GGML_CCACHE)
      set(${_off} OFF)
    endforeach()
    # ggml's own thread pool rather than OpenMP: no spinning runtime threads left behind a step.
    set(GGML_CUDA OFF)
    set(CMAKE_POSITION_INDEPENDENT_CODE ON)
    set(CMAKE_COMPILE_WARNING_AS_ERROR OFF)
    add_subdirectory(${COCOON_LLAMA_DIR} ${PROJECT_BINARY_DIR}/_deps/llama-build EXCLUDE_FROM_ALL)
  endfunction()
  cocoon_add_llama()
  # Their headers are someone else's code: included as system headers, so our warning flags
  # (-Wshadow, -Werror) judge only our code.
  foreach(_t llama ggml ggml-base)
    get_target_property(_inc ${_t} INTERFACE_INCLUDE_DIRECTORIES)
    if(_inc)
      set_property(TARGET ${_t} APPEND PROPERTY INTERFACE_SYSTEM_INCLUDE_DIRECTORIES ${_inc})
    endif()
  endforeach()
  set(COCOON_HAVE_LLM ON)
endif()

if(COCOON_LLM_CUDA)
  if(NOT COCOON_HAVE_LLM OR NOT COCOON_HAVE_CUDA)
    message(FATAL_ERROR "COCOON_LLM_CUDA=ON needs COCOON_LLM=ON and the CUDA backend (nvcc): ${COCOON_CUDA_REASON}")
  endif()
  if(NOT COCOON_CUDA_ARCHS_EXPLICIT)
    message(FATAL_ERROR "COCOON_LLM_CUDA=ON needs explicit architectures, e.g. -DCMAKE_CUDA_ARCHITECTURES=89 for "
                        "an RTX 40 or 90 for an H100: each one adds about 30 CPU-minutes of compiling (20 minutes on 2 cores).")
  endif()
  include(ExternalProject)
  set(_dir ${PROJECT_BINARY_DIR}/_deps/llama-cuda-build)
  set(_libs ${_dir}/src/libllama.a ${_dir}/ggml/src/libggml.a ${_dir}/ggml/src/libggml-cpu.a
            ${_dir}/ggml/src/ggml-cuda/libggml-cuda.a ${_dir}/ggml/src/libggml-base.a)
  set(_targets llama ggml ggml-cuda)
  set(_tools "")
  if(COCOON_LLM_BENCH_TOOLS)
    list(APPEND _targets llama-bench)
    set(_tools ${_dir}/bin/llama-bench)
  endif()
  # Release, like llama.cpp's own CUDA builds; the same switches as the CPU build above.
  ExternalProject_Add(llama_cuda_build
    SOURCE_DIR ${COCOON_LLAMA_DIR}
    BINARY_DIR ${_dir}
    CMAKE_ARGS -Wno-dev -DCMAKE_BUILD_TYPE=Release -DBUILD_SHARED_LIBS=OFF -DCMAKE_POSITION_INDEPENDENT_CODE=ON
               -DGGML_CUDA=ON -DGGML_CUDA_NCCL=OFF -DGGML_OPENMP=OFF -DGGML_CCACHE=OFF
               -DLLAMA_BUILD_COMMON=${COCOON_LLM_BENCH_TOOLS} -DLLAMA_BUILD_TOOLS=${COCOON_LLM_BENCH_TOOLS}
               -DLLAMA_BUILD_TESTS=OFF -DLLAMA_BUILD_EXAMPLES=OFF -DLLAMA_BUILD_SERVER=OFF -DLLAMA_BUILD_APP=OFF
               -DLLAMA_OPENSSL=OFF -DLLAMA_BUILD_UI=OFF -DLLAMA_USE_PREBUILT_UI=OFF -DLLAMA_ALL_WARNINGS=OFF
               -DCMAKE_C_COMPILER=${CMAKE_C_COMPILER} -DCMAKE_CXX_COMPILER=${CMAKE_CXX_COMPILER}
               -DCMAKE_CUDA_COMPILER=${CMAKE_CUDA_COMPILER}
    CMAKE_CACHE_ARGS -DCMAKE_CUDA_ARCHITECTURES:STRING=${CMAKE_CUDA_ARCHITECTURES}
    BUILD_COMMAND ${CMAKE_COMMAND} --build ${_dir} --target ${_targets}
    INSTALL_COMMAND ""
    BUILD_BYPRODUCTS ${_libs} ${_tools}
    USES_TERMINAL_BUILD ON)
  add_library(cocoon_llama_cuda INTERFACE)
  add_dependencies(cocoon_llama_cuda llama_cuda_build)
  find_package(Threads REQUIRED)
  target_include_directories(cocoon_llama_cuda SYSTEM INTERFACE ${COCOON_LLAMA_DIR}/include ${COCOON_LLAMA_DIR}/ggml/include)
  # ggml-cuda's own link line: cuBLAS, and the driver API for its virtual-memory pool.
  target_link_libraries(cocoon_llama_cuda INTERFACE ${_libs} CUDA::cublas CUDA::cuda_driver Threads::Threads ${CMAKE_DL_LIBS})
  set(COCOON_LLAMA_CUDA_BENCH ${_tools})
  set(COCOON_HAVE_LLM_CUDA ON)
endif()

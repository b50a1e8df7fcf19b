# ai.generate's engine: llama.cpp / ggml (MIT), from the source that the npm package node-llama-cpp
# ships (scripts/fetch-llama.sh checks its pinned sha512 and clones it into this build tree).
# Only the libraries are built: no tests, tools, examples or server; the CPU backend only (the
# CUDA backend inside the run-time-loaded CUDA plugin is not built yet: docs/architecture.md).
# Sets COCOON_HAVE_LLM.
option(COCOON_LLM "ai.generate on llama.cpp (fetched from npm at configure time)" ON)
option(COCOON_LLM_BENCH_TOOLS "Build llama.cpp's llama-bench for make bench" OFF)

set(COCOON_HAVE_LLM OFF)
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

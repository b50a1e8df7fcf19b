# Optional CUDA backend.
#   COCOON_CUDA=AUTO  build it when nvcc is found (PATH, CUDACXX, or /usr/local/cuda)
#   COCOON_CUDA=ON    fail loudly when nvcc is missing
#   COCOON_CUDA=OFF   never
# A user-set CMAKE_CUDA_ARCHITECTURES is honoured; otherwise the default covers consumer
# and data-centre GPUs from Turing on, restricted to what the installed nvcc supports,
# with PTX of the newest one for forward compatibility.
include(CheckLanguage)
set(COCOON_HAVE_CUDA OFF)
set(COCOON_CUDA_REASON "disabled with COCOON_CUDA=OFF")

if(NOT COCOON_CUDA STREQUAL "OFF")
  if(NOT DEFINED CMAKE_CUDA_COMPILER AND NOT DEFINED ENV{CUDACXX} AND EXISTS /usr/local/cuda/bin/nvcc)
    set(ENV{CUDACXX} /usr/local/cuda/bin/nvcc)
  endif()
  # Pick the default architectures before enable_language so CMake does not probe its own.
  if(NOT DEFINED CMAKE_CUDA_ARCHITECTURES)
    set(_nvcc "$ENV{CUDACXX}")
    if(DEFINED CMAKE_CUDA_COMPILER)
      set(_nvcc "${CMAKE_CUDA_COMPILER}")
    endif()
    if(NOT _nvcc)
      find_program(_nvcc nvcc)
    endif()
    set(_supported "")
    if(_nvcc)
      execute_process(COMMAND "${_nvcc}" --list-gpu-arch OUTPUT_VARIABLE _archs ERROR_QUIET RESULT_VARIABLE _rc)
      if(_rc EQUAL 0)
        string(REGEX MATCHALL "compute_([0-9]+)" _m "${_archs}")
        foreach(a IN LISTS _m)
          string(REPLACE "compute_" "" a "${a}")
          list(APPEND _supported ${a})
        endforeach()
      endif()
    endif()
    # Turing (GTX 16/RTX 20, T4), Ampere (A100 / RTX 30), Ada (RTX 40, L4), Hopper (H100/H200),
    # Blackwell data-centre (B200) and consumer (RTX 50).
    set(_wanted 75 80 86 89 90 100 120)
    set(_archs_out "")
    set(_newest "")
    foreach(a IN LISTS _wanted)
      if(a IN_LIST _supported OR NOT _supported)
        list(APPEND _archs_out "${a}-real")
        set(_newest ${a})
      endif()
    endforeach()
    if(_newest)
      list(REMOVE_ITEM _archs_out "${_newest}-real")
      list(APPEND _archs_out "${_newest}")   # real + PTX
      set(CMAKE_CUDA_ARCHITECTURES "${_archs_out}" CACHE STRING "CUDA architectures to build for")
    endif()
  endif()

  check_language(CUDA)
  if(CMAKE_CUDA_COMPILER)
    enable_language(CUDA)
    find_package(CUDAToolkit REQUIRED)
    # CMake 3.25 does not know that nvcc 13 has C++20; tell it the flag.
    if(NOT CMAKE_CUDA20_STANDARD_COMPILE_OPTION AND CMAKE_CUDA_COMPILER_VERSION VERSION_GREATER_EQUAL 12.0)
      set(CMAKE_CUDA20_STANDARD_COMPILE_OPTION "-std=c++20")
      set(CMAKE_CUDA20_EXTENSION_COMPILE_OPTION "-std=c++20")
    endif()
    set(CMAKE_CUDA_STANDARD 20)
    set(CMAKE_CUDA_STANDARD_REQUIRED ON)
    set(COCOON_HAVE_CUDA ON)
    set(COCOON_CUDA_REASON "")
  else()
    set(COCOON_CUDA_REASON "nvcc not found")
    if(COCOON_CUDA STREQUAL "ON")
      message(FATAL_ERROR "COCOON_CUDA=ON but no CUDA compiler (nvcc) was found. Install the CUDA toolkit, "
                          "set CUDACXX=/path/to/nvcc, or configure with -DCOCOON_CUDA=AUTO|OFF.")
    endif()
  endif()
endif()

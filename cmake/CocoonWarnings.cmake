# cocoon_set_warnings(target): -Wall -Wextra (and friends) on our own code only.
function(cocoon_set_warnings target)
  if(CMAKE_CXX_COMPILER_ID MATCHES "GNU|Clang")
    target_compile_options(${target} PRIVATE
      $<$<COMPILE_LANGUAGE:CXX>:-Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor -Wold-style-cast
                                -Wcast-align -Woverloaded-virtual -Wnull-dereference -Wimplicit-fallthrough>)
    if(COCOON_WERROR)
      target_compile_options(${target} PRIVATE $<$<COMPILE_LANGUAGE:CXX>:-Werror>)
    endif()
  elseif(MSVC)
    target_compile_options(${target} PRIVATE /W4 $<$<BOOL:${COCOON_WERROR}>:/WX>)
  endif()
endfunction()

# Helpers shared by every Banter target.

# Strict warnings for our own code only (Qt and QCA headers are system includes).
function(banter_strict_warnings target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic -Werror)
  target_compile_definitions(${target} PRIVATE QT_NO_CAST_FROM_ASCII QT_NO_NARROWING_CONVERSIONS_IN_CONNECT
                                               QT_NO_URL_CAST_FROM_STRING)
endfunction()

# A Banter library: static, strict, exported as Banter::<alias>.
function(banter_add_library target alias)
  add_library(${target} STATIC ${ARGN})
  add_library(Banter::${alias} ALIAS ${target})
  banter_strict_warnings(${target})
  target_include_directories(${target} PUBLIC ${CMAKE_CURRENT_SOURCE_DIR})
endfunction()

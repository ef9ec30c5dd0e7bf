# Each program's man page and bash/zsh completions, made at build time by the
# program itself from its option definitions (its hidden --help-man and
# --completions modes, docs/man-pages.md), and installed beside it.
function(news_program_docs program)
  set(share ${CMAKE_BINARY_DIR}/share)
  set(man ${share}/man/man1/${program}.1)
  set(bash ${share}/bash-completion/completions/${program})
  set(zsh ${share}/zsh/site-functions/_${program})
  set(run_to_file ${PROJECT_SOURCE_DIR}/cmake/RunToFile.cmake)
  add_custom_command(
    OUTPUT ${man} ${bash} ${zsh}
    COMMAND ${CMAKE_COMMAND} -DPROGRAM=$<TARGET_FILE:${program}> -DARGS=--help-man -DOUT=${man} -P ${run_to_file}
    COMMAND ${CMAKE_COMMAND} -DPROGRAM=$<TARGET_FILE:${program}> "-DARGS=--completions;bash" -DOUT=${bash} -P ${run_to_file}
    COMMAND ${CMAKE_COMMAND} -DPROGRAM=$<TARGET_FILE:${program}> "-DARGS=--completions;zsh" -DOUT=${zsh} -P ${run_to_file}
    DEPENDS ${program} ${run_to_file}
    COMMENT "Man page and shell completions for ${program}"
    VERBATIM)
  add_custom_target(${program}_docs ALL DEPENDS ${man} ${bash} ${zsh})
  install(FILES ${man} DESTINATION ${CMAKE_INSTALL_MANDIR}/man1)
  install(FILES ${bash} DESTINATION ${CMAKE_INSTALL_DATADIR}/bash-completion/completions)
  install(FILES ${zsh} DESTINATION ${CMAKE_INSTALL_DATADIR}/zsh/site-functions)
endfunction()

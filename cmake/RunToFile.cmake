# cmake -DPROGRAM=... -DARGS=a;b -DOUT=file -P RunToFile.cmake: runs PROGRAM
# with ARGS and writes its standard output to OUT (portable: no shell redirect),
# failing the build when the program fails.
get_filename_component(dir ${OUT} DIRECTORY)
file(MAKE_DIRECTORY ${dir})
execute_process(COMMAND ${PROGRAM} ${ARGS} OUTPUT_FILE ${OUT}.tmp RESULT_VARIABLE status)
if(NOT status EQUAL 0)
  file(REMOVE ${OUT}.tmp)
  message(FATAL_ERROR "${PROGRAM} ${ARGS} failed (${status})")
endif()
file(RENAME ${OUT}.tmp ${OUT})

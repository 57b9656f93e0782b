# Embeds migration files into a generated header: one {version, name, sql} entry per file.
# Usage: cmake -DOUT=file.inc -DDIR=migrations_dir -P embed_sql.cmake
file(GLOB files "${DIR}/*.sql")
list(SORT files)
set(content "// Generated from ${DIR} by embed_sql.cmake. Do not edit.\n")
foreach(f ${files})
  get_filename_component(name ${f} NAME)
  string(REGEX MATCH "^[0-9]+" version ${name})
  math(EXPR version "${version}")
  file(READ ${f} sql)
  string(APPEND content "{${version}, \"${name}\", R\"sp_sql(${sql})sp_sql\"},\n")
endforeach()
file(WRITE ${OUT}.tmp "${content}")
execute_process(COMMAND ${CMAKE_COMMAND} -E copy_if_different ${OUT}.tmp ${OUT})

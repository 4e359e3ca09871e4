-- Metadata: what the Presto JDBC driver's DatabaseMetaData and SQL GUIs read
-- (system.jdbc.*, information_schema), and SHOW over them.
select table_cat from system.jdbc.catalogs order by table_cat
select table_schem, table_catalog from system.jdbc.schemas where table_catalog = 'hive' and table_schem like 'def%' escape '\' order by table_catalog, table_schem
select table_schem, table_catalog from system.jdbc.schemas where table_catalog = 'system' order by table_schem
select table_type from system.jdbc.table_types order by table_type
select * from system.jdbc.tables where table_cat = 'hive' and table_schem like 'default' escape '\' and table_name like '{typed}' escape '\' and table_type in ('TABLE', 'VIEW') order by table_type, table_cat, table_schem, table_name
select * from system.jdbc.columns where table_cat = 'hive' and table_schem like 'default' escape '\' and table_name like '{typed}' escape '\' and column_name like '%' escape '\' order by table_cat, table_schem, table_name, ordinal_position
select * from system.jdbc.columns where table_name = '{purchases}' order by ordinal_position
select column_name, type_name from system.jdbc.columns where table_name = '{typed}' and column_name like 'pri%' order by ordinal_position
select table_name from system.jdbc.tables where table_cat = 'system' and table_schem = 'jdbc' order by table_name
select count(*) from system.jdbc.procedures
select * from system.jdbc.types order by type_name
select * from hive.information_schema.columns where table_name = '{typed}' order by ordinal_position
select * from information_schema.tables where table_name = '{typed}'
select * from information_schema.schemata where schema_name = 'default'
select table_name from information_schema.tables where table_schema = 'information_schema' order by table_name
select schema_name from system.information_schema.schemata order by schema_name
select table_schema, table_name, column_name, data_type from information_schema.columns where table_name = '{purchases}' order by ordinal_position
show catalogs
show schemas from system
show tables from system.jdbc
show tables from information_schema
select * from system.jdbc.nope
select * from system.nope.x

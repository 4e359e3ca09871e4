-- Errors: syntax, unknown names, bad arguments, and what Presto does not have.
selec 1
select
select 1,
select 1 +
select (1
select 'unterminated
select * from nowhere_table
select nope
select frobnicate(1)
select read_csv('/etc/passwd')
select * from read_csv('/etc/passwd')
select * from glob('/root/*')
select list_value(1, 2)
select 7 // 2
select $$a$$
select `a`
select 1 as "x", 2 as x
select x from (values 1) t(y)
select sum(x) from (values 'a') t(x)
select 'a' + 1
select substr(1, 2)
select cast(300 as tinyint)
select cast('2018-13-45' as date)
select abs()
select date_format(1, '%Y')
select regexp_like('a')
select 1 from (values 1) t(x) group by y
select x, count(*) from (values 1) t(x)
select 1; select 2
select 1;
select 1 ;  -- a comment after the semicolon
select 1 /* a */ + /* b */ 2
select 1 -- trailing
select "COUNT"(*) from (values 1) t(x)
select COUNT(*) FROM (VALUES 1) T(X)
select 1 limit -1
select array[1, 2][0]
select element_at(array[1, 2], 0)
select json_extract_scalar('{bad', '$.a')
select split_part('a,b', ',', 0)
select lpad('x', -1, 'a')
select chr(-1)
select from_unixtime(1e20)
select date_add('fortnight', 1, date '2018-01-01')
select sequence(1, 100000000)
copy (select 1) to '/tmp/x.csv'
attach '/tmp/x.db' as x
set global threads = 1
pragma version
install httpfs
explain analyze copy (select 1) to '/tmp/x.csv'
create table t as select 1

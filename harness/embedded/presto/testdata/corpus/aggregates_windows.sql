-- Aggregates, window functions, VALUES, set operations, subqueries.
select count(*) from (values 1, 2, 3) t(x)
select x from (values 1, 2) t(x) order by x
select * from (values (1, 'a'), (2, 'b')) t(n, s) order by n
values 1, 2, 3
values (1, 'a'), (2, 'b')
select approx_distinct(x) from (values 1, 1, 2, 3) t(x)
select max_by(s, n), min_by(s, n) from (values (1, 'a'), (3, 'c'), (2, 'b')) t(n, s)
select array_agg(x order by x) from (values 3, 1, 2) t(x)
select array_agg(x order by x desc) from (values 3, 1, 2) t(x)
select count_if(x > 1) from (values 1, 2, 3) t(x)
select sum(x), avg(x), min(x), max(x) from (values 1, 2, 3, 4) t(x)
select stddev(x), variance(x) from (values 1.0e0, 2.0e0, 3.0e0, 4.0e0) t(x)
select bool_and(b), bool_or(b) from (values true, false) t(b)
select arbitrary(x) from (values 7) t(x)
select count(distinct x) from (values 1, 1, 2) t(x)
select x % 2 as k, count(*) from (values 1, 2, 3, 4, 5) t(x) group by x % 2 order by k
select x % 2 as k, sum(x) from (values 1, 2, 3, 4, 5) t(x) group by 1 having sum(x) > 6 order by 1
select x, row_number() over (order by x) from (values 30, 10, 20) t(x) order by x
select x, rank() over (order by x), dense_rank() over (order by x) from (values 1, 1, 2) t(x) order by x
select x, sum(x) over (order by x) from (values 1, 2, 3) t(x) order by x
select x, lag(x) over (order by x), lead(x, 1, 0) over (order by x) from (values 1, 2, 3) t(x) order by x
select g, x, first_value(x) over (partition by g order by x) from (values (1, 10), (1, 20), (2, 30)) t(g, x) order by g, x
select x, ntile(2) over (order by x) from (values 1, 2, 3, 4) t(x) order by x
select x, avg(x) over () from (values 1, 2) t(x) order by x
select x from (values 1, 2, 3) t(x) order by x desc limit 2
select x from (values 1, 2, 3) t(x) order by x offset 1
select 1 union select 2 order by 1
select 1 union all select 1
select 1 intersect select 1
select 1 except select 2
with t as (select 1 as a) select a + 1 from t
select (select max(x) from (values 1, 5) t(x))
select exists (select 1)
select x from (values 1, 2, 3) t(x) where x in (select 2) order by x
select case x when 1 then 'one' when 2 then 'two' else 'many' end from (values 1, 2, 3) t(x) order by x
select distinct x from (values 1, 1, 2) t(x) order by x
select x, y from (values 1) a(x) cross join (values 2) b(y)
select a.x, b.y from (values 1, 2) a(x) join (values (1, 'a')) b(x, y) on a.x = b.x
select a.x, b.y from (values 1, 2) a(x) left join (values (1, 'a')) b(x, y) on a.x = b.x order by a.x
select count(*) filter (where x > 1) from (values 1, 2, 3) t(x)
select * from (values 1) t(x) where x > 5
select max(x) from (values 1) t(x) where x > 5
select current_user

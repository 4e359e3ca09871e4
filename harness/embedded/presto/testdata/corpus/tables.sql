-- Queries over the class's tables ({purchases}: 20 purchases of the class, {typed}: typed columns).
select count(*) from {purchases}
select host, count(*) from {purchases} group by host order by host
select * from {purchases} order by host, timestamp limit 3
select user_agent from {purchases} limit 1
select event_type, count(*) as n from {purchases} group by event_type
select host from {purchases} where host like '%comcast%' group by host
select min(timestamp), max(timestamp) from {purchases}
select count(distinct host), approx_distinct(host) from {purchases}
select host, max_by(timestamp, timestamp) from {purchases} group by host order by host
select split(host, '.')[1] as who, count(*) from {purchases} group by 1 order by 1
select regexp_replace(accept, '\*', 'star') from {purchases} limit 1
select substr(timestamp, 1, 10) as day, count(*) from {purchases} group by 1
select cast(substr(timestamp, 1, 19) as timestamp) from {purchases} order by 1 limit 1
select date_parse(substr(timestamp, 1, 19), '%Y-%m-%d %H:%i:%s') from {purchases} order by 1 limit 1
select host, row_number() over (partition by host order by timestamp) as rn, timestamp from {purchases} order by host, rn limit 3
select count(*) from {purchases} a join {purchases} b on a.host = b.host
select * from {purchases} where host = 'nobody'
select nope from {purchases}
select host from {purchases} where nope = 1
describe {purchases}
show columns from {purchases}
select id, name, price, qty, ok from {typed} order by id
select typeof(id), typeof(price), typeof(qty), typeof(ok), typeof(name) from {typed} limit 1
select sum(qty), avg(price), sum(price) from {typed}
select id / 2, qty / 2, price / 2 from {typed} order by id
select name, price * qty from {typed} order by id
select count(*) filter (where ok) from {typed}
select id, price from {typed} where price > 2 order by price desc
select round(avg(price), 2) from {typed}
select qty * 1000000000 from {typed} order by id
select cast(price as integer) from {typed} order by id
select array_agg(name order by id) from {typed}
select id, lag(price) over (order by id) from {typed} order by id
select name, length(name) from {typed} order by id
select sum(id) / count(*) from {typed}

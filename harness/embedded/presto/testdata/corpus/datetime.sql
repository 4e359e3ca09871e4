-- Dates, times, intervals, formats, unix time, time zones.
select date '2018-07-21'
select typeof(date '2018-07-21')
select date '2018-07-21' + interval '1' day
select typeof(date '2018-07-21' + interval '1' day)
select date '2018-07-21' - interval '1' month
select timestamp '2018-07-21 10:11:12' + interval '2' hour
select timestamp '2018-07-21 10:11:12.345'
select typeof(timestamp '2018-07-21 10:11:12')
select date_add('day', 3, date '2018-07-21')
select date_diff('day', date '2018-07-01', date '2018-07-21')
select date_trunc('month', date '2018-07-21')
select date_trunc('hour', timestamp '2018-07-21 10:11:12')
select year(date '2018-07-21'), month(date '2018-07-21'), day(date '2018-07-21')
select day_of_week(date '2018-07-21'), day_of_year(date '2018-07-21')
select hour(timestamp '2018-07-21 10:11:12'), minute(timestamp '2018-07-21 10:11:12')
select extract(year from date '2018-07-21')
select date_format(timestamp '2018-07-21 10:11:12', '%Y-%m-%d %H:%i:%s')
select date_format(date '2018-07-21', '%d/%m/%Y')
select date_parse('2018-07-21 10:11:12', '%Y-%m-%d %H:%i:%s')
select typeof(date_parse('2018-07-21', '%Y-%m-%d'))
select from_unixtime(0)
select to_unixtime(timestamp '2018-07-21 10:11:12')
select cast('2018-07-21' as date)
select cast('2018-07-21 10:11:12' as timestamp)
select cast(timestamp '2018-07-21 10:11:12' as date)
select cast('nope' as date)
select date '2018-02-30'
select interval '1' day
select interval '90' minute
select typeof(interval '1' day)
select interval '2' year
select date '2018-07-21' < date '2018-07-22'
select date '2018-07-21' - date '2018-07-20'
select timestamp '2018-07-21 10:11:12' at time zone 'UTC'
select from_iso8601_date('2018-07-21')
select last_day_of_month(date '2018-02-10')
select last_day_of_month(timestamp '2020-02-10 10:00:00')
select last_day_of_month(date '2020-12-31')
select from_iso8601_date('2020-02-29'), from_iso8601_date(null)
select from_iso8601_date('2019-02-29')

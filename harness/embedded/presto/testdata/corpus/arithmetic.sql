-- Arithmetic: integer division, modulo, overflow, decimal and double typing and printing.
select 7/2
select -7/2
select 7 % 3
select -7 % 3
select 7.0/2
select 7/2.0
select 1/0
select 1 % 0
select 1.0/0
select 1e0/0
select 0e0/0
select 2147483647 + 1
select 9223372036854775807 + 1
select -9223372036854775807 - 2
select 9223372036854775807 * 2
select typeof(1)
select typeof(2147483648)
select typeof(1.5)
select typeof(1e1)
select typeof(1.50 + 2.5)
select 1.50 + 2.5
select 1.5 * 2
select 0.1 + 0.2
select 0.1e0 + 0.2e0
select sqrt(16)
select sqrt(2)
select power(2, 10)
select abs(-5)
select abs(-5.5)
select round(2.5)
select round(-2.5)
select round(2.567, 2)
select round(2.5e0)
select floor(2.7)
select ceil(2.1)
select floor(-2.5e0)
select 1e10
select 1e7
select 1234567.0e0
select 0.001e0
select 0.0001e0
select 100000000000000000000e0
select cast(1 as double)
select cast(3.99 as integer)
select cast(-3.5 as bigint)
select cast(2.5e0 as bigint)
select cast('12' as integer) + 1
select cast('abc' as integer)
select try_cast('abc' as integer)
select cast(10 as decimal(5,2))
select cast(1.2345 as decimal(10,2))
select cast(123 as varchar)
select cast(1.5e0 as varchar)
select cast(true as integer)
select mod(7, 3)
select greatest(1, 5, 3), least(1, 5, 3)
select 5 between 1 and 10
select nan() = nan(), is_nan(nan())
select infinity()
select 3 / 2 * 2.0
select 2 * 3 + 4 / 3 - 1
select ln(1), exp(0)
select typeof(sum(x)) from (values 1, 2) t(x)
select typeof(avg(x)) from (values 1, 2) t(x)
select avg(x) from (values 1, 2) t(x)
select sum(x) from (values 1.5, 2.25) t(x)

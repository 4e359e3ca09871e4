-- NULL semantics and strings.
select null
select typeof(null)
select null = null
select null is null, 1 is not null
select 1 in (1, null), 2 in (1, null), 2 not in (1, null)
select coalesce(null, 2, 3)
select nullif(1, 1), nullif(1, 2)
select 'a' || null
select concat('a', null)
select 'a' || 'b' || 'c'
select concat('a', 'b', 'c')
select null and false, null or true, null and true
select count(x), count(*) from (values 1, null, 3) t(x)
select sum(x) from (values cast(null as integer)) t(x)
select if(null, 1, 2)
select case when null then 'y' else 'n' end
select 1 is distinct from null, null is not distinct from null
select length('straße'), upper('straße'), lower('ÄÖÜ')
select length('héllo'), reverse('héllo')
select substr('hello world', 7)
select substr('hello world', 1, 5)
select substr('hello', -3)
select substring('hello', 2, 3)
select replace('a-b-c', '-', '+')
select replace('abc', 'b')
select trim('  x  '), ltrim('  x'), rtrim('x  ')
select lpad('7', 3, '0'), rpad('ab', 5, '.')
select split('a,b,c', ',')
select split('a,b,c', ',')[2]
select split_part('a,b,c', ',', 2)
select strpos('hello', 'l'), position('l' in 'hello')
select starts_with('hello', 'he')
select 'abc' like 'a%', 'abc' like '_b_', 'a_c' like 'a\_c' escape '\'
select 'hello' not like '%z%'
select lower('HeLLo'), upper('hello')
select length('')
select '' is null
select chr(65), codepoint('A')
select to_utf8('é')
select from_utf8(to_utf8('héllo'))
select 'it''s'
select typeof('abc')
select typeof(cast('abc' as varchar(5)))
select cast('abc' as varchar(2))
select 'a' = 'A'
select 'b' > 'a'
select concat_ws(',', 'a', 'b')
select format('%s-%d', 'a', 3)
select levenshtein_distance('kitten', 'sitting')
select url_extract_host('http://user1.comcast.com/purchase_a_sword')
select md5(to_utf8('a'))
select levenshtein_distance('', 'abc'), levenshtein_distance('abc', ''), levenshtein_distance('same', 'same')
select url_extract_host('https://Example.COM:8443/a?b=1#c'), url_extract_host('http://10.0.0.1/')
select url_extract_host(null)

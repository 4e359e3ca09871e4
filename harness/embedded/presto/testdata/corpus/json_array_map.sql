-- JSON functions, arrays and maps.
select json_extract_scalar('{"a": {"b": 1}}', '$.a.b')
select json_extract_scalar('{"a": [10, 20]}', '$.a[1]')
select json_extract_scalar('{"a": 1}', '$.z')
select json_extract('{"a": {"b": 1}}', '$.a')
select typeof(json_extract('{"a": 1}', '$.a'))
select json_array_length('[1, 2, 3]')
select json_parse('{"a":1}')
select json_format(json_parse('[1,2]'))
select is_json_scalar('1')
select array[1, 2, 3]
select typeof(array[1, 2, 3])
select array['a', 'b']
select array[1, 2, 3][1]
select array[1, 2, 3][4]
select element_at(array[1, 2, 3], 4)
select element_at(array[1, 2, 3], -1)
select cardinality(array[1, 2, 3])
select contains(array[1, 2, 3], 2)
select array_join(array['a', 'b', 'c'], '-')
select array_sort(array[3, 1, 2])
select array_distinct(array[1, 1, 2])
select array_max(array[1, 5, 2]), array_min(array[1, 5, 2])
select sequence(1, 5)
select sequence(1, 10, 3)
select slice(array[1, 2, 3, 4], 2, 2)
select array_position(array[5, 6, 7], 6)
select concat(array[1], array[2, 3])
select array[1] || array[2]
select transform(array[1, 2, 3], x -> x * 2)
select filter(array[1, 2, 3, 4], x -> x % 2 = 0)
select reduce(array[1, 2, 3], 0, (s, x) -> s + x, s -> s)
select map(array['a', 'b'], array[1, 2])
select typeof(map(array['a', 'b'], array[1, 2]))
select map(array['a', 'b'], array[1, 2])['b']
select element_at(map(array['a'], array[1]), 'z')
select map_keys(map(array['a', 'b'], array[1, 2]))
select cardinality(map(array['a', 'b'], array[1, 2]))
select x, n from unnest(array[10, 20]) with ordinality as t(x, n)
select row(1, 'a')
select typeof(row(1, 'a'))
select array[array[1], array[2, 3]]
select flatten(array[array[1], array[2, 3]])

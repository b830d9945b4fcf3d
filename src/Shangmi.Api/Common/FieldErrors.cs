using Microsoft.AspNetCore.Http.HttpResults;
using Shangmi.Api.Common.Problems;

namespace Shangmi.Api.Common;

/// <summary>Collects field errors (camelCase field → Chinese messages) while a request is checked at the edge.</summary>
public sealed class FieldErrors
{
    private readonly Dictionary<string, List<string>> _errors = [];

    public bool Any => _errors.Count > 0;

    /// <summary>Records <paramref name="message"/> against <paramref name="field"/> unless <paramref name="ok"/>.</summary>
    public FieldErrors Check(bool ok, string field, string message)
    {
        if (!ok)
        {
            Add(field, message);
        }

        return this;
    }

    public FieldErrors Add(string field, string message)
    {
        if (!_errors.TryGetValue(field, out var messages))
        {
            _errors[field] = messages = [];
        }

        messages.Add(message);
        return this;
    }

    /// <summary>Every message with the field it belongs to, in the order they were found.</summary>
    public IEnumerable<(string Field, string Message)> Messages =>
        _errors.SelectMany(pair => pair.Value.Select(message => (pair.Key, message)));

    public ValidationProblem ToProblem() =>
        ApiProblem.Validation(_errors.ToDictionary(pair => pair.Key, pair => pair.Value.ToArray()));
}

using Microsoft.Playwright;

namespace Shangmi.Api.Tests.Console;

/// <summary>A page of the console with the steps every browser test takes (sign in, pick from a menu).</summary>
public sealed class ConsolePage(IPage page, string baseUrl)
{
    public IPage Page { get; } = page;

    public string BaseUrl { get; } = baseUrl;

    public ILocator Text(string text) => Page.GetByText(text);

    public async Task OpenAsync(string path) => await Page.GotoAsync($"/console{path}");

    /// <summary>Fills the login form and submits it (does not wait for the outcome).</summary>
    public async Task SubmitLoginAsync(string username, string password)
    {
        await Page.Locator("input[name=username]").FillAsync(username);
        await Page.Locator("input[name=password]").FillAsync(password);
        await Page.GetByRole(AriaRole.Button, new() { Name = "登录" }).ClickAsync();
    }

    /// <summary>Opens the login page and signs in; waits until the shell shows who is signed in.</summary>
    public async Task SignInAsync(string username, string password)
    {
        await OpenAsync("/login");
        await SubmitLoginAsync(username, password);
        await Assertions.Expect(Page.Locator("[data-test=current-user]")).ToContainTextAsync(username);
    }

    public ILocator Menu => Page.Locator("[data-test=main-menu]");

    /// <summary>The input of the form item with this label.</summary>
    public ILocator Field(string label) =>
        Page.Locator(".el-form-item").Filter(new() { Has = Page.Locator($"label:text-is('{label}')") })
            .Locator("input, textarea").First;

    /// <summary>The error text Element Plus shows under the form item with this label.</summary>
    public ILocator FieldError(string label) =>
        Page.Locator(".el-form-item").Filter(new() { Has = Page.Locator($"label:text-is('{label}')") })
            .Locator(".el-form-item__error");

    /// <summary>Opens an Element Plus select by its test id and picks the option with this text (the first without one).</summary>
    public async Task PickAsync(string testId, string? option = null)
    {
        await Page.Locator($"[data-test={testId}]").ClickAsync();
        var options = Page.Locator(".el-select-dropdown__item:visible");
        await (option is null ? options.First : options.Filter(new() { HasText = option }).First).ClickAsync();
    }

    /// <summary>The last message Element Plus showed (success or the server's problem text).</summary>
    public ILocator LastMessage => Page.Locator(".el-message").Last;

    /// <summary>A one-pixel PNG, enough for the files API, which reads the type from the content.</summary>
    public static readonly byte[] Png = Convert.FromBase64String(
        "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==");

    /// <summary>Types a date and time into an Element Plus picker (by its input's name) and confirms it.</summary>
    public async Task SetDateAsync(string name, string value)
    {
        var input = Page.Locator($"input[name={name}]");
        await input.FillAsync(value);
        await input.PressAsync("Enter");
    }
}

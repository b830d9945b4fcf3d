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
}
